import { Option, type Command } from 'commander';
import { SETTINGS, type SettingName } from '../config.js';

/** Adds a flag for every setting (same name as its STREAMPULSE_* variable) to a command. */
export function addConfigOptions(command: Command): Command {
  for (const [name, setting] of Object.entries(SETTINGS)) {
    command.addOption(new Option(`${setting.flag} <value>`, `${setting.doc} [env ${name}]`));
  }
  return command;
}

/** Turns the parsed flags back into overrides keyed by variable name, for `loadConfig`. */
export function configOverrides(options: Record<string, unknown>): Partial<Record<SettingName, string>> {
  const overrides: Partial<Record<SettingName, string>> = {};
  for (const [name, setting] of Object.entries(SETTINGS)) {
    const key = setting.flag.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    const value = options[key];
    if (typeof value === 'string') overrides[name as SettingName] = value;
  }
  return overrides;
}
