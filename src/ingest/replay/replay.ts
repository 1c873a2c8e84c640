import { setTimeout as delay } from 'node:timers/promises';
import { UnavailableError, ValidationError, type ValidationIssue } from '../../core/errors.js';
import type { LiveEvent } from '../../core/live-event.js';
import { isBlankLine, parseNdjsonLine, type NdjsonLineResult } from '../../core/ndjson.js';
import { futureTimeIssue } from '../../core/event-time.js';
import { readFileLines } from './file-lines.js';

/** Stores one profile's events; `Pipeline.submit` fits. May throw INGEST_QUEUE_FULL (retried). */
export type ReplaySubmit = (
  profile: string,
  events: readonly LiveEvent[],
) => Promise<{ stored: number; duplicates: number }>;

export interface ReplayOptions {
  /** Path of an NDJSON file: one wire event per line, blank lines allowed. */
  file: string;
  profile: string;
  /** 1 = the events' own pace, 10 = ten times faster; 0 or Infinity = as fast as possible. */
  speed: number;
  submit: ReplaySubmit;
  /** Waits `ms`; injectable for tests (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
  /** Most events per submit (default 500). */
  batchSize?: number;
  /** A line stamped further ahead of now than this is invalid (default: no limit). */
  maxFutureMs?: number;
  /** The clock `maxFutureMs` counts from (default `Date.now`). */
  now?: () => number;
}

export interface ReplayResult {
  /** Events read from the file and submitted. */
  events: number;
  stored: number;
  duplicates: number;
}

/** Waits shorter than this are added to the next one, so close events go out in one batch. */
const MIN_SLEEP_MS = 10;
const MAX_SUBMIT_ATTEMPTS = 60;
/** Problems of the bad line spelled out in the message (all of them are in `details`). */
const MAX_LISTED_PROBLEMS = 5;

/**
 * Replays an NDJSON event file into a profile. A first streaming pass validates every line; a file
 * with any invalid line throws `ValidationError` (EVENT_INVALID) naming the first bad line's number
 * and field (a line too long, not UTF-8, not JSON, or past a JSON limit is invalid too), and nothing
 * is submitted. A file that cannot be read throws AppError FILE_UNREADABLE (see file-lines.ts). A second pass submits the events in file order, in batches,
 * waiting between them for the gaps between the events' `at` divided by `speed`. Events keep their
 * own `at`. INGEST_QUEUE_FULL is retried after `retryAfterSeconds`; any other submit error throws,
 * with the batches before it already stored.
 */
export async function replayFile(options: ReplayOptions): Promise<ReplayResult> {
  const { file, speed, batchSize = 500 } = options;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  if (!(speed >= 0)) {
    throw new ValidationError('speed must be 0 or more', [{ field: 'speed', message: 'must be >= 0' }]);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ValidationError('batchSize must be a whole number >= 1', [
      { field: 'batchSize', message: 'must be >= 1' },
    ]);
  }
  await validateFile(file, options.maxFutureMs ?? Infinity, options.now ?? Date.now);

  const isPaced = speed > 0 && Number.isFinite(speed);
  const totals: ReplayResult = { events: 0, stored: 0, duplicates: 0 };
  let batch: LiveEvent[] = [];
  let latestAt: number | null = null;
  let owedMs = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await submitWithRetry(options, batch, sleep);
    totals.stored += result.stored;
    totals.duplicates += result.duplicates;
    batch = [];
  };
  for await (const { result } of readLines(file)) {
    const event = expectValid(file, result);
    // Measured from the latest time seen, so an event out of order costs no wait of its own.
    if (isPaced && latestAt !== null) owedMs += Math.max(0, event.at - latestAt) / speed;
    latestAt = latestAt === null ? event.at : Math.max(latestAt, event.at);
    if (owedMs >= MIN_SLEEP_MS) {
      await flush();
      await sleep(owedMs);
      owedMs = 0;
    }
    batch.push(event);
    totals.events += 1;
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return totals;
}

interface ParsedLine {
  lineNumber: number;
  result: NdjsonLineResult;
}

/**
 * Streams the file's non-blank lines, parsed and validated one at a time; a line too long to
 * read or not UTF-8 is an invalid line like any other.
 */
async function* readLines(file: string): AsyncGenerator<ParsedLine> {
  let index = 0;
  for await (const line of readFileLines(file)) {
    const { lineNumber } = line;
    if ('problem' in line) {
      const issue = { index, field: `(line ${lineNumber})`, message: line.problem };
      yield { lineNumber, result: { ok: false, issues: [issue] } };
    } else if (isBlankLine(line.text)) {
      continue;
    } else {
      yield { lineNumber, result: parseNdjsonLine(line.text, index, lineNumber) };
    }
    index += 1;
  }
}

async function validateFile(file: string, maxFutureMs: number, now: () => number): Promise<void> {
  const startedAt = now();
  for await (const { lineNumber, result } of readLines(file)) {
    if (!result.ok) throw invalidLine(file, lineNumber, result.issues);
    const { at } = result.event;
    if (at > startedAt + maxFutureMs) {
      const index = lineNumber - 1;
      throw invalidLine(file, lineNumber, [futureTimeIssue(at, startedAt, maxFutureMs, index)]);
    }
  }
}

function expectValid(file: string, result: NdjsonLineResult): LiveEvent {
  if (result.ok) return result.event;
  // The first pass accepted this line, so the file changed while it was being replayed.
  throw new ValidationError(
    `${file} changed during the replay; it stopped at an invalid line`,
    result.issues,
    'EVENT_INVALID',
  );
}

function invalidLine(file: string, lineNumber: number, issues: ValidationIssue[]): ValidationError {
  const problems = issues
    .slice(0, MAX_LISTED_PROBLEMS)
    .map((i) => (i.field.startsWith('(line ') ? i.message : `${i.field} ${i.message}`));
  if (issues.length > MAX_LISTED_PROBLEMS) problems.push(`and ${issues.length - MAX_LISTED_PROBLEMS} more`);
  return new ValidationError(
    `${file} line ${lineNumber} is not a valid event: ${problems.join('; ')}; nothing was replayed`,
    issues,
    'EVENT_INVALID',
  );
}

async function submitWithRetry(
  options: ReplayOptions,
  events: readonly LiveEvent[],
  sleep: (ms: number) => Promise<void>,
): Promise<{ stored: number; duplicates: number }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await options.submit(options.profile, events);
    } catch (err) {
      const isQueueFull = err instanceof UnavailableError && err.code === 'INGEST_QUEUE_FULL';
      if (!isQueueFull || attempt >= MAX_SUBMIT_ATTEMPTS) throw err;
      await sleep(err.retryAfterSeconds * 1000);
    }
  }
}
