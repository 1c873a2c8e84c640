import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startServer } from '../main.js';
import { addConfigOptions, configOverrides } from './config-options.js';

export function registerServeCommand(program: Command): void {
  addConfigOptions(
    program
      .command('serve')
      .description('Start the server (API, docs at /docs, demo profile unless --demo off)'),
  ).action(async (options: Record<string, unknown>) => {
    const config = loadConfig(configOverrides(options));
    const logger = createLogger(config.logLevel, config.logFormat);
    const server = await startServer(config, logger);
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
