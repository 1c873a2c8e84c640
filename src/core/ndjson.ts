import { parseBoundedJson } from './bounded-json.js';
import type { ValidationIssue } from './errors.js';
import { BatchResult, parseWireEvent, type LiveEvent, type ParseResult } from './live-event.js';
import { forEachInSlices, type Pause } from './slices.js';
import { utf8ByteLength } from './utf8.js';
import { parseWireEventFast } from './wire-event-fast-path.js';

/** What one NDJSON line holds: a valid event, or every problem found in it. */
export type NdjsonLineResult = { ok: true; event: LiveEvent } | { ok: false; issues: ValidationIssue[] };

/**
 * The longest NDJSON line read, in UTF-8 bytes (a valid event takes a few KB at most). Fixed:
 * it bounds what a file reader holds in memory for one line.
 */
export const MAX_NDJSON_LINE_BYTES = 1_048_576;

const BOM = '\uFEFF';

/** True for a line NDJSON readers skip: empty or only whitespace (a trailing `\r` included). */
export function isBlankLine(line: string): boolean {
  // Most lines start with `{`, which no blank line does: only the others are trimmed to tell.
  return line.charCodeAt(0) !== 0x7b && line.trim() === '';
}

/**
 * Parses and validates one non-blank NDJSON line as a wire event (see `wireEventSchema`).
 * `index` is the event's 0-based index among the non-blank lines and `lineNumber` its 1-based line
 * in the text; a byte-order mark on line 1 is ignored. A line that is not JSON, or longer than
 * MAX_NDJSON_LINE_BYTES, gives one issue with field `(line N)`; one that breaks a JSON limit (see
 * json-shape-scanner.ts) gives one issue naming the path where it did; a JSON value that is not a valid
 * event gives `parseWireEvent`'s issues. Every issue carries `index`.
 */
export function parseNdjsonLine(line: string, index: number, lineNumber: number): NdjsonLineResult {
  const text = lineNumber === 1 && line.startsWith(BOM) ? line.slice(BOM.length) : line;
  const where = `(line ${lineNumber})`;
  if (isLongerThanLimit(text)) {
    const message = `is longer than ${MAX_NDJSON_LINE_BYTES} bytes`;
    return { ok: false, issues: [{ index, field: where, message }] };
  }
  // The common case first: JSON.parse builds the value without recursing (V8's parser is
  // iterative, whatever the nesting) and the fast path accepts only what it checked without
  // recursion (an event's fields, its data walked with a stack). Anything else is scanned for the
  // JSON limits before any code that recurses sees it.
  const fast = parseWireEventFast(parseOrUndefined(text));
  if (fast) return { ok: true, event: fast };
  const parsed = parseBoundedJson(text);
  if (!parsed.ok) {
    return { ok: false, issues: [{ index, field: parsed.path.join('.') || where, message: parsed.message }] };
  }
  const issues: ValidationIssue[] = [];
  const event = parseWireEvent(parsed.value, index, (issue) => issues.push(issue));
  return event ? { ok: true, event } : { ok: false, issues };
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isLongerThanLimit(line: string): boolean {
  // UTF-8 takes at least one byte per UTF-16 unit and at most three.
  if (line.length > MAX_NDJSON_LINE_BYTES) return true;
  return line.length * 3 > MAX_NDJSON_LINE_BYTES && utf8ByteLength(line) > MAX_NDJSON_LINE_BYTES;
}

/**
 * Parses NDJSON text: one wire event per line, blank lines skipped (`\n` or `\r\n` endings).
 * All or nothing, like `parseEventBatch`: either every line is a valid event and all are returned
 * normalised in order, or the problems of its lines are listed (at most MAX_REPORTED_ISSUES) and
 * counted.
 */
export function parseNdjson(text: string): ParseResult {
  const lines = text.split('\n');
  const batch = new BatchResult();
  const read = lineReader(lines, batch);
  for (let i = 0; i < lines.length; i++) read(i);
  return batch.result();
}

/**
 * `parseNdjson` for texts of any size: it pauses every SLICE_MS (see slices.ts). `beforeParse`,
 * when given, is told how many events the text holds before any is parsed, and may throw to
 * refuse the text (e.g. more events than a batch may hold).
 */
export async function parseNdjsonInSlices(
  text: string,
  pause: Pause,
  beforeParse?: (events: number) => void,
): Promise<ParseResult> {
  const lines = text.split('\n');
  if (beforeParse) {
    let events = 0;
    for (const line of lines) if (!isBlankLine(line)) events += 1;
    beforeParse(events);
  }
  const batch = new BatchResult();
  await forEachInSlices(lines.length, lineReader(lines, batch), pause);
  return batch.result();
}

/** Reads line `i` of `lines` into `batch`, numbering the events among the non-blank lines. */
function lineReader(lines: readonly string[], batch: BatchResult): (i: number) => void {
  let index = 0;
  return (i) => {
    const line = lines[i]!;
    if (isBlankLine(line)) return;
    const result = parseNdjsonLine(line, index, i + 1);
    index += 1;
    if (result.ok) batch.add(result.event);
    else for (const issue of result.issues) batch.issues.add(issue);
  };
}
