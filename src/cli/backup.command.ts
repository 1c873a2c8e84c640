import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createDataBackup, createServices, readVersion } from '../main.js';
import { addConfigOptions, configOverrides } from './config-options.js';
import { required } from './maintenance.command.js';
import { refuseIfServerRuns, stopServerFirst } from './running-server-guard.js';

type Options = Record<string, unknown> & { to?: string; from?: string; force?: boolean };

/**
 * `streampulse backup` and `streampulse restore`. A backup reads the data directory's files from
 * this process, beside a server that goes on ingesting (SQLite lets a reader in another process
 * see a consistent snapshot without stopping the writer); a restore replaces them, so it needs
 * the server stopped.
 */
export function registerBackupCommands(program: Command): void {
  addConfigOptions(
    program
      .command('backup')
      .description('Copy the system database and every profile into a new folder, while the server runs')
      .option(
        '--to <dir>',
        'the folder to write the backup into (a streampulse-<time> folder is made in it)',
      ),
  ).action(async (options: Options) => {
    const to = path.resolve(required(options.to, '--to'));
    const config = loadConfig(configOverrides(options));
    const started = performance.now();
    const { dir, manifest } = await createDataBackup(config).backup(to, readVersion());
    const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `backup written to ${dir}: ${manifest.profiles.length} profile(s), ${megabytes(bytes)} in ${seconds.toFixed(1)} s\n`,
    );
  });

  addConfigOptions(
    program
      .command('restore')
      .description('Put a backup in place of the data directory (the server stopped)')
      .option('--from <dir>', 'the backup folder (the one holding manifest.json)')
      .option('--force', "move the data directory's current data aside (kept, not deleted) and restore"),
  ).action(async (options: Options) => {
    const from = path.resolve(required(options.from, '--from'));
    const config = loadConfig(configOverrides(options));
    refuseIfServerRuns(config, 'restore', stopServerFirst('restore'));
    const { manifest, movedAside } = await createDataBackup(config).restore(from, {
      force: options.force === true,
    });
    // Opening each profile runs its migrations and folds its aggregates forward from their watermark.
    const services = createServices(config, createLogger('warn'));
    try {
      for (const p of await services.profiles.list()) await services.engine.openProfile(p.id);
    } finally {
      await services.close();
    }
    const aside = movedAside ? `; the data it replaced was moved to ${movedAside}` : '';
    process.stdout.write(
      `restored ${manifest.profiles.length} profile(s) from ${from} (backup of ${manifest.createdAt}) into ${config.dataDir}${aside}\n`,
    );
  });
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}
