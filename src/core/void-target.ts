import { z } from 'zod';
import type { LiveEvent } from './live-event.js';
import { ValidationError } from './errors.js';
import { slugSchema } from './slug.js';

/**
 * Which stored events a void takes back: a range of sequence numbers (inclusive), one source id
 * (on one stream, or on every stream), or one stream's events with `from <= at < to`. A void
 * applies to events stored before it, never to another void.
 */
export type VoidTarget =
  | { seq: { from: number; to: number } }
  | { source_id: string; stream?: string }
  | { stream: string; from: number; to: number };

const seqNumber = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const instant = z
  .union(
    [
      z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      z.iso.datetime({ offset: true }).transform((v) => Date.parse(v)),
    ],
    { error: 'must be epoch ms or an ISO-8601 date-time with its zone (2026-01-10T18:00:00Z)' },
  )
  .describe('epoch ms or an ISO-8601 date-time');

const SHAPES = ['{"seq": {"from", "to"}}', '{"source_id", "stream"?}', '{"stream", "from", "to"}'];

/**
 * The union's error names the shape the input meant (by its keys) and that shape's problems,
 * instead of zod's bare "Invalid input" over three shapes.
 */
function explainTarget(issue: { code?: string; input?: unknown; errors?: unknown }): string {
  const input = issue.input;
  if (issue.code !== 'invalid_union' || typeof input !== 'object' || input === null || Array.isArray(input)) {
    return `must be an object, one of ${SHAPES.join(', ')}`;
  }
  const branch = 'seq' in input ? 0 : 'source_id' in input ? 1 : 2;
  const problems = (
    (issue.errors as { path: PropertyKey[]; message: string }[][] | undefined)?.[branch] ?? []
  ).map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message));
  return `must be one of ${SHAPES.join(', ')}; as ${SHAPES[branch]}: ${problems.join('; ')}`;
}

/** A void target as a client sends it (see `VoidTarget`); exactly one of the three shapes. */
export const voidTargetSchema = z.union(
  [
    z
      .strictObject({
        seq: z
          .strictObject({ from: seqNumber, to: seqNumber })
          .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] }),
      })
      .describe('events with from <= seq <= to'),
    z
      .strictObject({
        source_id: z.string().min(1).max(200),
        stream: slugSchema.optional(),
      })
      .describe('the events with this source id (on one stream, or any)'),
    z
      .strictObject({ stream: slugSchema, from: instant, to: instant })
      .refine((r) => r.from < r.to, { message: 'from must be before to', path: ['to'] })
      .describe("one stream's events with from <= at < to"),
  ],
  { error: explainTarget },
);

/** A void as asked for: what, who (free text until logins exist) and why. */
export interface VoidRequest {
  target: VoidTarget;
  by: string;
  reason: string;
  /** Only count what would be voided; record nothing. */
  dryRun: boolean;
}

/** What a void did: the void event (null for a dry run) and how many events it takes back. */
export interface VoidOutcome {
  event: (LiveEvent & { seq: number }) | null;
  voided: number;
}

/** The most events one void may take back: more is split into several (by sequence range). */
export const MAX_VOID_EVENTS = 1_000_000;

/** The stream a void event is recorded on when its target names none: the whole profile. */
export const PROFILE_STREAM = '*';

/**
 * The event that records a void in the log, stamped `at` (the server's time): on the target's
 * stream (or `*`), its `count` the events it takes back, its `data` who, why and what.
 */
export function voidEvent(request: VoidRequest, voided: number, at: number): LiveEvent {
  const { target, by, reason } = request;
  return {
    stream: 'stream' in target && target.stream !== undefined ? target.stream : PROFILE_STREAM,
    kind: 'void',
    at,
    count: voided,
    value: 0,
    data: { by, reason, target: { ...target } },
  };
}

/**
 * Checks how many events a void would take back: throws `ValidationError` VOID_MATCHES_NOTHING
 * when none (nothing is recorded) and VOID_TOO_LARGE above `MAX_VOID_EVENTS`.
 */
export function checkVoidCount(count: number): void {
  if (count === 0) {
    throw new ValidationError(
      'no stored event matches; nothing was voided',
      [{ field: 'target', message: 'matches no event that is stored and not voided yet' }],
      'VOID_MATCHES_NOTHING',
    );
  }
  if (count > MAX_VOID_EVENTS) {
    throw new ValidationError(
      `the void would take back ${count} events, more than ${MAX_VOID_EVENTS} at once; split it by sequence range`,
      [{ field: 'target', message: `matches ${count} events (at most ${MAX_VOID_EVENTS})` }],
      'VOID_TOO_LARGE',
    );
  }
}
