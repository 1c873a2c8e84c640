import type { ValidationIssue } from './errors.js';
import { parseEventBatch, type LiveEvent, type ParseResult } from './live-event.js';
import { parseWireEventFast } from './wire-event-fast-path.js';

/** What one NDJSON line holds: a valid event, or every problem found in it. */
export type NdjsonLineResult = { ok: true; event: LiveEvent } | { ok: false; issues: ValidationIssue[] };

const BOM = '\uFEFF';

/** True for a line NDJSON readers skip: empty or only whitespace (a trailing `\r` included). */
export function isBlankLine(line: string): boolean {
  // Most lines start with `{`, which no blank line does: only the others are trimmed to tell.
  return line.charCodeAt(0) !== 0x7b && line.trim() === '';
}

/**
 * Parses and validates one non-blank NDJSON line as a wire event (see `wireEventSchema`).
 * `index` is the event's 0-based index among the non-blank lines and `lineNumber` its 1-based line
 * in the text; a byte-order mark on line 1 is ignored. A line that is not JSON gives one issue with
 * field `(line N)`; a JSON value that is not a valid event gives `parseEventBatch`'s issues, with
 * `index` set to the event's index.
 */
export function parseNdjsonLine(line: string, index: number, lineNumber: number): NdjsonLineResult {
  const text = lineNumber === 1 && line.startsWith(BOM) ? line.slice(BOM.length) : line;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      issues: [{ index, field: `(line ${lineNumber})`, message: `is not valid JSON: ${reason}` }],
    };
  }
  const fast = parseWireEventFast(value);
  if (fast) return { ok: true, event: fast };
  const parsed = parseEventBatch([value]);
  if (!parsed.ok) return { ok: false, issues: parsed.issues.map((issue) => ({ ...issue, index })) };
  const [event] = parsed.events;
  if (!event) throw new Error('parseEventBatch accepted one event but returned none');
  return { ok: true, event };
}

/**
 * Parses NDJSON text: one wire event per line, blank lines skipped (`\n` or `\r\n` endings).
 * All or nothing, like `parseEventBatch`: either every line is a valid event and all are returned
 * normalised in order, or every problem of every line is listed.
 */
export function parseNdjson(text: string): ParseResult {
  const events: LiveEvent[] = [];
  const issues: ValidationIssue[] = [];
  const lines = text.split('\n');
  let index = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlankLine(line)) continue;
    const result = parseNdjsonLine(line, index, i + 1);
    index += 1;
    if (result.ok) events.push(result.event);
    else issues.push(...result.issues);
  }
  return issues.length === 0 ? { ok: true, events } : { ok: false, issues };
}
