import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createServices, type Services } from '../main.js';
import { addConfigOptions, configOverrides } from './config-options.js';
import { refuseIfServerRuns, stopServerFirst } from './running-server-guard.js';

type Options = Record<string, unknown> & { profile?: string; all?: boolean };

export function registerMaintenanceCommands(program: Command): void {
  addConfigOptions(
    program
      .command('rebuild')
      .description("Replay a profile's event log through the reducer into fresh aggregates")
      .option('--profile <id>', 'the profile to rebuild')
      .option('--all', 'rebuild every profile'),
  ).action(async (options: Options) => {
    const config = loadConfig(configOverrides(options));
    refuseIfServerRuns(config, 'rebuild', stopServerFirst('rebuild'));
    const services = createServices(config, createLogger('warn'));
    try {
      for (const id of await chosenProfiles(services, options)) {
        const started = Date.now();
        const { events } = await (await services.engine.openProfile(id)).rebuild();
        process.stdout.write(`rebuilt ${id}: ${events} events in ${Date.now() - started} ms\n`);
      }
    } finally {
      await services.close();
    }
  });

  addConfigOptions(
    program
      .command('migrate')
      .description('Apply pending database migrations to the system and every profile database'),
  ).action(async (options: Options) => {
    const config = loadConfig(configOverrides(options));
    refuseIfServerRuns(config, 'migrate', stopServerFirst('migrate'));
    const services = createServices(config, createLogger('warn'));
    try {
      const profiles = await services.profiles.list();
      for (const p of profiles) await services.engine.openProfile(p.id);
      process.stdout.write(
        `migrations applied: system and ${profiles.length} profile database(s) are up to date\n`,
      );
    } finally {
      await services.close();
    }
  });
}

/** The profiles a command names: `--all`, or the one of `--profile` (which must exist). */
export async function chosenProfiles(
  services: Pick<Services, 'profiles'>,
  options: { profile?: string; all?: boolean },
): Promise<string[]> {
  if (options.all) return (await services.profiles.list()).map((p) => p.id);
  const id = required(options.profile, '--profile');
  await services.profiles.get(id);
  return [id];
}

export function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`${flag} is required`);
  return value;
}
