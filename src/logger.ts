import { pino, type Logger } from 'pino';

export type { Logger };

/** The one root logger. Modules take `logger.child({ module: 'ingest.pipeline' })`. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['*.token', '*.password', '*.key', '*.streamKey', '*.signApiKey', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}
