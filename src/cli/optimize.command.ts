import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createServices } from '../main.js';
import type { OptimizeOutcome } from '../store/ports.js';
import { addConfigOptions, configOverrides } from './config-options.js';
import { chosenProfiles } from './maintenance.command.js';
import { refuseIfServerRuns } from './running-server-guard.js';

type Options = Record<string, unknown> & { profile?: string; all?: boolean; vacuum?: boolean };

/**
 * `streampulse optimize`: refreshes the query planner's statistics of profiles and, with
 * `--vacuum`, gives the room of deleted rows back. On the embedded engine it needs the server
 * stopped (VACUUM holds a profile's writes while it rewrites the file; a running server refreshes
 * statistics by itself); on PostgreSQL it runs beside the servers.
 */
export function registerOptimizeCommand(program: Command): void {
  addConfigOptions(
    program
      .command('optimize')
      .description("Refresh profiles' query statistics; with --vacuum, also compact their storage")
      .option('--profile <id>', 'the profile to optimize')
      .option('--all', 'optimize every profile')
      .option('--vacuum', 'also rewrite the storage compactly (room of deleted data given back)'),
  ).action(async (options: Options) => {
    const config = loadConfig(configOverrides(options));
    refuseIfServerRuns(
      config,
      'optimize',
      () =>
        'A running server refreshes statistics by itself (STREAMPULSE_SQLITE_OPTIMIZE_HOURS, and when a profile closes); ' +
        'stop it first to run `streampulse optimize` (VACUUM holds writes while it rewrites a file).',
    );
    const services = createServices(config, createLogger('warn'));
    try {
      for (const id of await chosenProfiles(services, options)) {
        const started = performance.now();
        const outcome = await services.engine.optimize(id, { vacuum: options.vacuum === true });
        process.stdout.write(describe(outcome, performance.now() - started));
      }
    } finally {
      await services.close();
    }
  });
}

function describe(outcome: OptimizeOutcome, ms: number): string {
  const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  const parts = outcome.parts.map((p) => `${p.name} ${mb(p.bytesBefore)} -> ${mb(p.bytesAfter)}`);
  const what = outcome.vacuumed ? 'optimized and vacuumed' : 'optimized';
  return `${what} ${outcome.profile} in ${Math.round(ms)} ms: ${parts.join(', ')}\n`;
}
