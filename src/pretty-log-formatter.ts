/** pino's numeric levels, by name, as the formatter prints them. */
const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** ANSI colours of the level names (only when the output shows colours). */
const LEVEL_COLOURS: Record<number, string> = { 10: '90', 20: '36', 30: '32', 40: '33', 50: '31', 60: '35' };

/** Fields every entry carries that the line shows in its own place, or not at all. */
const PLACED_FIELDS = new Set(['level', 'time', 'msg', 'module', 'pid', 'hostname', 'err']);

export interface PrettyLogOptions {
  /** Colour the level name with ANSI escapes. */
  colours: boolean;
}

/**
 * Turns one JSON log line (as pino writes it) into a readable line for a terminal:
 * `12:04:05.123 INFO  [ingest.pipeline] batch written  profile=demo events=42`, then an error's
 * stack indented below it. Times are UTC. A line that is not a JSON object is returned unchanged,
 * so nothing written to the log is lost.
 */
export function formatLogLine(line: string, options: PrettyLogOptions): string {
  const entry = parseEntry(line);
  if (!entry) return line.endsWith('\n') ? line : `${line}\n`;
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const name = (LEVEL_NAMES[level] ?? String(entry.level)).padEnd(5);
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const parts = [time, options.colours ? `\u001b[${LEVEL_COLOURS[level] ?? '0'}m${name}\u001b[0m` : name];
  if (typeof entry.module === 'string') parts.push(`[${entry.module}]`);
  if (entry.msg !== undefined) parts.push(typeof entry.msg === 'string' ? entry.msg : formatValue(entry.msg));
  const fields = Object.entries(entry)
    .filter(([key]) => !PLACED_FIELDS.has(key))
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  const head = parts.filter(Boolean).join(' ') + (fields.length > 0 ? `  ${fields.join(' ')}` : '');
  return `${head}\n${formatError(entry.err)}`;
}

function parseEntry(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A bare word stays bare; anything with spaces, quotes or structure is written as JSON. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** An error's stack (or message), indented under its entry; nothing when there is none. */
function formatError(err: unknown): string {
  if (!err || typeof err !== 'object') return err === undefined ? '' : `    err=${formatValue(err)}\n`;
  const { stack, message, type } = err as { stack?: unknown; message?: unknown; type?: unknown };
  const text =
    typeof stack === 'string' ? stack : `${typeof type === 'string' ? type : 'Error'}: ${String(message)}`;
  return `${text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
}
