import type { Command } from 'commander';
import { checkRetentionDays } from '../core/retention-days.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createServices } from '../main.js';
import type { RetentionRun } from '../store/ports.js';
import { addConfigOptions, configOverrides } from './config-options.js';
import { chosenProfiles } from './maintenance.command.js';
import { refuseIfServerRuns, serverUrlOf } from './running-server-guard.js';

type Options = Record<string, unknown> & { profile?: string; all?: boolean; days?: string };

/**
 * `streampulse retention`: archives, then deletes, the raw events older than each profile's
 * retention now (what the server's schedule does nightly). A running server does it itself: ask
 * it through its API instead.
 */
export function registerRetentionCommand(program: Command): void {
  addConfigOptions(
    program
      .command('retention')
      .description('Archive, then delete, raw events older than the retention of a profile (or of all)')
      .option('--profile <id>', 'the profile')
      .option('--all', 'every profile')
      .option('--days <n>', "days of raw events to keep this time, instead of the profile's setting"),
  ).action(async (options: Options) => {
    const days = options.days === undefined ? undefined : parseDays(options.days);
    const config = loadConfig(configOverrides(options));
    refuseIfServerRuns(
      config,
      'retention',
      (owner) =>
        `Ask it instead: POST ${serverUrlOf(owner)}/api/profiles/<profile>/retention/run (the Settings page runs it too); or stop the server first.`,
    );
    const services = createServices(config, createLogger('warn'));
    try {
      for (const id of await chosenProfiles(services, options)) {
        const run = await services.retention.run(id, days === undefined ? {} : { days });
        process.stdout.write(describeRun(id, run, config.retention.archiveDir));
      }
    } finally {
      await services.close();
    }
  });
}

function parseDays(raw: string): number {
  const days = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(days))
    throw new Error(`--days: must be a whole number of days from 1 to 3650, got '${raw}'`);
  return checkRetentionDays(days)!;
}

function describeRun(profile: string, run: RetentionRun | null, archiveDir: string): string {
  if (!run) return `${profile}: no raw events older than its retention\n`;
  return (
    `${profile}: archived ${run.events} events (seq ${run.from_seq}-${run.to_seq}) to ` +
    `${archiveDir}/${profile}/${run.archive} (sha256 ${run.archive_sha256}), deleted ${run.deleted}\n`
  );
}
