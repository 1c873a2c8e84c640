import { z } from 'zod';
import { slugSchema } from './slug.js';
import { textSchema } from './text.js';
import type { ValidationIssue } from './errors.js';
import { checkEventData } from './event-data.js';
import { MAX_EVENT_AT, MIN_EVENT_AT, WIRE_EVENT_KINDS, type EventKind } from './event-kinds.js';
import { IssueCollector } from './issue-collector.js';
import { keyName } from './key-name.js';
import { parseIsoDateTime } from './iso-date-time.js';
import { forEachInSlices, type Pause } from './slices.js';
import { parseWireEventFast } from './wire-event-fast-path.js';

export { EVENT_KINDS, WIRE_EVENT_KINDS, type EventKind } from './event-kinds.js';

/** A platform's id of something: text, or a whole number taken as its text. */
export const idSchema = z.union([textSchema(1, 200), z.number().int().nonnegative()]).transform(String);

/** Epoch ms, or an ISO-8601 date-time with its zone (see `parseIsoDateTime`): never a date alone. */
export const atSchema = z
  .union([
    z.number().int('must be whole milliseconds'),
    z
      .string()
      .refine(
        (s) => parseIsoDateTime(s) !== null,
        'must be epoch ms or an ISO-8601 date-time with a zone, e.g. 2026-01-10T18:00:00Z',
      ),
  ])
  .transform((v) => (typeof v === 'number' ? v : parseIsoDateTime(v)!))
  .refine((ms) => ms >= MIN_EVENT_AT, 'is before the year 2000 (epoch seconds instead of milliseconds?)')
  .refine((ms) => ms < MAX_EVENT_AT, 'is after the year 3000');

const userSchema = z.strictObject({
  id: idSchema,
  name: textSchema(1, 200),
  display: textSchema(0, 200).optional(),
});

const giftSchema = z.strictObject({
  id: idSchema,
  name: textSchema(1, 200),
});

/** A small object; its limits (see event-data.ts) are checked without recursion. */
const dataSchema = z.record(z.string(), z.unknown()).superRefine((d, ctx) => {
  const problem = checkEventData(d);
  if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
});

/**
 * The wire form of an event (push API, NDJSON files). The profile is not part of it: it comes
 * from the URL or the command line.
 */
export const wireEventSchema = z
  .strictObject({
    stream: slugSchema,
    kind: z.enum(WIRE_EVENT_KINDS),
    at: atSchema,
    id: textSchema(1, 200).optional(),
    user: userSchema.optional(),
    count: z.number().int().nonnegative().max(1_000_000_000).optional(),
    value: z.number().nonnegative().max(1e12).optional(),
    text: textSchema(0, 2000).optional(),
    gift: giftSchema.optional(),
    data: dataSchema.optional(),
  })
  .superRefine((e, ctx) => {
    if (e.kind === 'viewers' && e.count === undefined) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'is required for viewers (the reading)' });
    }
    if (e.kind === 'chat' && e.text === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'is required for chat' });
    }
  });

export type WireEvent = z.input<typeof wireEventSchema>;

export interface EventUser {
  id: string;
  name: string;
  display?: string;
}

export interface EventGift {
  id: string;
  name: string;
}

/**
 * A validated, normalised event. `at` is epoch ms; `count` defaults to 1 (for `viewers` it is the
 * reading); `value` is the event's total coin value (for `cheer`, its bits) and defaults to 0.
 */
export interface LiveEvent {
  stream: string;
  kind: EventKind;
  at: number;
  id?: string;
  user?: EventUser;
  count: number;
  value: number;
  text?: string;
  gift?: EventGift;
  data?: Record<string, unknown>;
}

/** An event as stored: with its place in the profile's log. */
export interface StoredEvent extends LiveEvent {
  seq: number;
  /** The seq of the void that took this event back (it then counts toward no aggregate). */
  voided_by?: number;
}

/**
 * `e` with its sequence number: the same fields as `{ ...e, seq }`, built field by field, which
 * costs a third of the spread on the ingest path (every stored event passes here).
 */
export function toStoredEvent(e: LiveEvent, seq: number): StoredEvent {
  const s: StoredEvent = { stream: e.stream, kind: e.kind, at: e.at, count: e.count, value: e.value, seq };
  if (e.id !== undefined) s.id = e.id;
  if (e.user !== undefined) s.user = e.user;
  if (e.text !== undefined) s.text = e.text;
  if (e.gift !== undefined) s.gift = e.gift;
  if (e.data !== undefined) s.data = e.data;
  return s;
}

/**
 * A batch's events, or its problems: the first MAX_REPORTED_ISSUES of them in `issues`, and how
 * many there are in all in `total`.
 */
export type ParseResult =
  { ok: true; events: LiveEvent[] } | { ok: false; issues: ValidationIssue[]; total: number };

/**
 * Validates a whole batch. Either every event is valid and all are returned normalised, or the
 * problems of its events are listed (with the event's index and the field's path) and counted.
 */
export function parseEventBatch(raw: readonly unknown[]): ParseResult {
  const batch = new BatchResult();
  raw.forEach((item, index) => batch.add(parseWireEvent(item, index, batch.issues.add)));
  return batch.result();
}

/**
 * `parseEventBatch` for batches of any size: it pauses every SLICE_MS (see slices.ts), so a
 * batch of 30 MB never holds the event loop for long.
 */
export async function parseEventBatchInSlices(raw: readonly unknown[], pause: Pause): Promise<ParseResult> {
  const batch = new BatchResult();
  await forEachInSlices(raw.length, (i) => batch.add(parseWireEvent(raw[i], i, batch.issues.add)), pause);
  return batch.result();
}

/** The valid events of a batch so far, and its problems. */
export class BatchResult {
  readonly events: LiveEvent[] = [];
  readonly issues = new IssueCollector();

  add(event: LiveEvent | null): void {
    if (event && this.issues.total === 0) this.events.push(event);
  }

  result(): ParseResult {
    const { issues } = this;
    return issues.total === 0
      ? { ok: true, events: this.events }
      : { ok: false, issues: issues.issues, total: issues.total };
  }
}

/**
 * One wire event, normalised, or null after passing each of its problems to `report`. The
 * `data` limits are checked on the value as received, before the schema copies it (a copy would
 * hide a `__proto__` key), and without recursion, so no input can exhaust the stack.
 */
export function parseWireEvent(
  item: unknown,
  index: number,
  report: (issue: ValidationIssue) => void,
): LiveEvent | null {
  const fast = parseWireEventFast(item);
  if (fast) return fast;
  const dataProblem = isRecord(item) ? checkEventData(item.data) : null;
  const result = wireEventSchema.safeParse(dataProblem ? { ...(item as object), data: undefined } : item);
  if (result.success && !dataProblem) {
    const { count, value, ...rest } = result.data;
    return { ...rest, count: count ?? 1, value: value ?? 0 };
  }
  if (!result.success) for (const issue of result.error.issues) reportIssue(issue, index, report);
  if (dataProblem) {
    report({ index, field: ['data', ...dataProblem.path].join('.'), message: dataProblem.message });
  }
  return null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A schema issue as issues of the batch: an unknown key is named as its own field, an issue of
 * the whole item as `whole`.
 */
export function reportIssue(
  issue: z.core.$ZodIssue,
  index: number,
  report: (issue: ValidationIssue) => void,
  whole = '(event)',
): void {
  if (issue.code !== 'unrecognized_keys') {
    report({ index, field: issue.path.join('.') || whole, message: issue.message });
    return;
  }
  for (const key of issue.keys) {
    report({ index, field: [...issue.path, keyName(key)].join('.'), message: 'is not a known field' });
  }
}

/**
 * An already normalised event (from a connector or a recording) with U+0000 removed from its
 * text fields: the schema refuses it on the wire, but a platform's payload cannot be refused.
 */
export function withoutNul(e: LiveEvent): LiveEvent {
  const strings = [e.id, e.text, e.user?.id, e.user?.name, e.user?.display, e.gift?.id, e.gift?.name];
  if (!strings.some((s) => s?.includes('\u0000'))) return e;
  const clean = (s: string) => s.replaceAll('\u0000', '');
  return {
    ...e,
    ...(e.id === undefined ? {} : { id: clean(e.id) }),
    ...(e.text === undefined ? {} : { text: clean(e.text) }),
    ...(e.user
      ? {
          user: {
            id: clean(e.user.id),
            name: clean(e.user.name) || '?',
            ...(e.user.display === undefined ? {} : { display: clean(e.user.display) }),
          },
        }
      : {}),
    ...(e.gift ? { gift: { id: clean(e.gift.id), name: clean(e.gift.name) || '?' } } : {}),
  };
}
