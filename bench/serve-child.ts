/**
 * The server as a child process for the benchmarks: config from the environment, the real
 * `startServer`, then one JSON line `{"url": ...}` on stdout once it listens. Stops on SIGTERM.
 */
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startServer } from '../src/main.js';

const config = loadConfig();
const server = await startServer(config, createLogger(config.logLevel));
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

const stop = (): void => {
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
