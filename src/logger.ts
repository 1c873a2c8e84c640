import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogFormat } from './config.js';
import { formatLogLine } from './pretty-log-formatter.js';

export type { Logger };

/**
 * The one root logger, writing to stdout: JSON lines, or with `pretty` readable lines for a
 * terminal (see pretty-log-formatter.ts). Modules take `logger.child({ module: 'ingest.pipeline' })`.
 */
export function createLogger(level: string, format: LogFormat = 'json'): Logger {
  const options = {
    level,
    redact: {
      paths: ['*.token', '*.password', '*.key', '*.streamKey', '*.signApiKey', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
  return format === 'pretty' ? pino(options, prettyStdout()) : pino(options);
}

/** pino hands a destination each entry as one JSON line; this one writes it readable instead. */
function prettyStdout(): DestinationStream {
  const colours = process.stdout.isTTY && process.stdout.hasColors();
  return { write: (line: string) => void process.stdout.write(formatLogLine(line, { colours })) };
}
