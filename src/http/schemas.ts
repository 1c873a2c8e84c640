import { z } from 'zod';
import { COUNTER_FIELDS } from '../core/counters.js';
import { EVENT_KINDS, wireEventSchema } from '../core/live-event.js';
import { slugSchema } from '../core/slug.js';
import { displayTextSchema } from '../core/display-text.js';
import { PLATFORMS } from '../store/ports.js';

/** Response and parameter schemas: they validate requests and produce the OpenAPI document. */

export const counterShape = Object.fromEntries(COUNTER_FIELDS.map((f) => [f, z.number()])) as Record<
  (typeof COUNTER_FIELDS)[number],
  z.ZodNumber
>;

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
      total: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .describe('validation errors: how many problems were found; details lists the first 100'),
    }),
  })
  .meta({ id: 'Error' });

/** A 204 answer: no body, so the document lists no content for it. */
export const deleted = z.undefined().describe('Deleted; no body.');

export const profileParams = z.object({ profile: slugSchema.describe('profile id') });

/** The query of a page through a profile's `what` by seq: those after `after`, at most `limit`. */
export function seqPageQuery(what: string, max: number, byDefault: number) {
  return z.object({
    after: z.coerce.number().int().min(0).default(0).describe(`return ${what} with seq greater than this`),
    limit: z.coerce.number().int().min(1).max(max).default(byDefault),
  });
}
export const streamParams = profileParams.extend({ stream: slugSchema.describe('stream id') });

export const profileSchema = z
  .object({ id: z.string(), name: z.string(), created_at: z.number().describe('epoch ms') })
  .meta({ id: 'Profile' });

export const profileCreateSchema = z.strictObject({ id: slugSchema, name: displayTextSchema(200) });
export const profileRenameSchema = z.strictObject({ name: displayTextSchema(200) });

export const streamSchema = z
  .object({
    id: z.string(),
    platform: z.enum(PLATFORMS),
    channel: z.string(),
    enabled: z.boolean(),
    recording: z.boolean(),
    created_at: z.number(),
  })
  .meta({ id: 'Stream' });

export const streamCreateSchema = z.strictObject({
  id: slugSchema,
  platform: z.enum(PLATFORMS),
  channel: displayTextSchema(200).describe('e.g. @name on TikTok, #name on Twitch'),
  enabled: z.boolean().optional(),
});
export const streamUpdateSchema = z.strictObject({
  channel: displayTextSchema(200).optional(),
  enabled: z.boolean().optional(),
});

/** A time in a query string: epoch ms or an ISO-8601 time; answers epoch ms. */
export const instantParam = z
  .string()
  .transform((v, ctx) => {
    const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: 'must be epoch ms or an ISO-8601 time' });
    return ms;
  })
  .describe('epoch ms or ISO-8601');

/** Every counter, as numbers: for viewer totals and other per-kind sums. */
export const counterSchema = z.object(counterShape);

export const statsSchema = z
  .object({
    viewers: z.number(),
    peak_viewers: z.number(),
    viewers_at: z.number().describe('event time of the current reading, epoch ms (0 before any)'),
    updated_at: z.number().describe('event time of the newest event, epoch ms (0 before any)'),
    ...counterShape,
  })
  .meta({ id: 'Stats' });

export const statsSnapshotSchema = z
  .object({ combined: statsSchema, streams: z.record(z.string(), statsSchema) })
  .meta({ id: 'StatsSnapshot' });

export const sessionSchema = z
  .object({
    id: z.number(),
    stream: z.string(),
    started_at: z.number(),
    ended_at: z.number().nullable(),
    last_event_at: z.number(),
    end_reason: z.string().nullable(),
    is_live: z.boolean(),
    duration_ms: z.number(),
    peak_viewers: z.number(),
    avg_viewers: z.number().nullable(),
    viewers_sum: z.number(),
    viewers_n: z.number(),
    unique_viewers: z.number(),
    unique_chatters: z.number(),
    events: z.number(),
    ...counterShape,
  })
  .meta({ id: 'Session' });

export const storedEventSchema = z
  .object({
    seq: z.number(),
    stream: z.string(),
    kind: z.enum(EVENT_KINDS),
    at: z.number(),
    id: z.string().optional(),
    user: z.object({ id: z.string(), name: z.string(), display: z.string().optional() }).optional(),
    count: z.number(),
    value: z.number(),
    text: z.string().optional(),
    gift: z.object({ id: z.string(), name: z.string() }).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    voided_by: z.number().optional().describe('the seq of the void that took this event back'),
  })
  .meta({ id: 'StoredEvent' });

export const wireEventDoc = wireEventSchema.meta({ id: 'WireEvent' });

export const ingestResultSchema = z.object({ stored: z.number(), duplicates: z.number() });

export const seedStatsSchema = z
  .object({
    viewer_counts: z.record(z.string(), z.number()).describe('current viewers, by stream id'),
    chat_velocities: z.record(z.string(), z.number()).describe('chat messages per minute, by stream id'),
    recent_triggers: z.array(
      z.object({
        seq: z.number(),
        streamer: z.string(),
        type: z.string(),
        details: z.record(z.string(), z.unknown()),
        timestamp: z.string(),
      }),
    ),
    recording_status: z.record(z.string(), z.boolean()),
    last_updated: z.string().describe('ISO-8601 time'),
  })
  .meta({ id: 'SeedStats' });
