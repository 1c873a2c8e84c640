import { z } from 'zod';
import { slugSchema } from './slug.js';
import type { ValidationIssue } from './errors.js';

/** Every kind of event StreamPulse records. The order is stable: stores keep the index. */
export const EVENT_KINDS = [
  'viewers',
  'like',
  'chat',
  'gift',
  'follow',
  'share',
  'join',
  'subscribe',
  'cheer',
  'raid',
  'stream_start',
  'stream_end',
  'reset',
  'trigger',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

/** Epoch ms bounds: 2000-01-01 .. 3000-01-01. Anything outside is almost surely seconds or garbage. */
const MIN_AT = 946_684_800_000;
const MAX_AT = 32_503_680_000_000;
const MAX_DATA_BYTES = 4096;

const idSchema = z.union([z.string().min(1).max(200), z.number().int().nonnegative()]).transform(String);

const atSchema = z
  .union([
    z.number().int('must be whole milliseconds'),
    z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be epoch ms or an ISO-8601 time'),
  ])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)))
  .refine((ms) => ms >= MIN_AT, 'is before the year 2000 (epoch seconds instead of milliseconds?)')
  .refine((ms) => ms < MAX_AT, 'is after the year 3000');

const userSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1).max(200),
  display: z.string().max(200).optional(),
});

const giftSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1).max(200),
});

const dataSchema = z
  .record(z.string(), z.unknown())
  .refine(
    (d) => JSON.stringify(d).length <= MAX_DATA_BYTES,
    `must serialise to at most ${MAX_DATA_BYTES} bytes`,
  );

/**
 * The wire form of an event (push API, NDJSON files). The profile is not part of it: it comes
 * from the URL or the command line.
 */
export const wireEventSchema = z
  .strictObject({
    stream: slugSchema,
    kind: z.enum(EVENT_KINDS),
    at: atSchema,
    id: z.string().min(1).max(200).optional(),
    user: userSchema.optional(),
    count: z.number().int().nonnegative().max(1_000_000_000).optional(),
    value: z.number().nonnegative().max(1e12).optional(),
    text: z.string().max(2000).optional(),
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
}

export type ParseResult = { ok: true; events: LiveEvent[] } | { ok: false; issues: ValidationIssue[] };

/**
 * Validates a whole batch. Either every event is valid and all are returned normalised, or every
 * problem of every event is listed (with the event's index and the field's path).
 */
export function parseEventBatch(raw: readonly unknown[]): ParseResult {
  const events: LiveEvent[] = [];
  const issues: ValidationIssue[] = [];
  raw.forEach((item, index) => {
    const result = wireEventSchema.safeParse(item);
    if (result.success) {
      const { count, value, ...rest } = result.data;
      events.push({ ...rest, count: count ?? 1, value: value ?? 0 });
      return;
    }
    for (const issue of result.error.issues) {
      issues.push({ index, field: issue.path.join('.') || '(event)', message: issue.message });
    }
  });
  return issues.length === 0 ? { ok: true, events } : { ok: false, issues };
}
