import { ADMIN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';

const tags = ['system'];
const bytes = z.number().describe('bytes');

const readingSchema = z.object({
  at: z.number().describe('epoch ms'),
  cpu: z.object({
    system_percent: z.number().describe("the machine's CPU busy, percent of all cores"),
    process_percent: z.number().describe("this server's share of the machine, percent"),
    cores: z.number().int(),
    load_average: z.array(z.number()).describe('1, 5 and 15 minutes'),
  }),
  memory: z.object({
    rss_bytes: bytes,
    heap_used_bytes: bytes,
    heap_limit_bytes: bytes,
    system_free_bytes: bytes,
    system_total_bytes: bytes,
  }),
  event_loop: z.object({
    delay_p50_ms: z.number(),
    delay_p99_ms: z.number(),
    delay_max_ms: z.number(),
    utilization: z.number().describe('share of the time the event loop was busy, 0-1'),
  }),
});

const resourcesSchema = z.object({
  interval_ms: z.number().int().describe('pause between two readings'),
  current: readingSchema.nullable(),
  history: z
    .array(
      z.object({
        at: z.number(),
        cpu_percent: z.number(),
        process_cpu_percent: z.number(),
        rss_bytes: bytes,
        heap_used_bytes: bytes,
        delay_p99_ms: z.number(),
        event_loop_utilization: z.number(),
      }),
    )
    .describe('the readings kept, oldest first (an hour at the default interval)'),
  storage: z
    .object({
      measured_at: z.number(),
      system_bytes: bytes,
      total_bytes: bytes,
      disk: z
        .object({ free_bytes: bytes, total_bytes: bytes })
        .nullable()
        .describe("the disk holding the data; null on PostgreSQL (the database server's disk)"),
      profiles: z.array(
        z.object({
          profile: z.string(),
          bytes,
          wal_bytes: bytes.describe('write-ahead log not yet copied back (embedded engine)'),
          retention_days: z.number().int().describe('days of raw events the profile keeps'),
          bytes_per_day: z.number().nullable().describe('growth; null until enough history'),
        }),
      ),
    })
    .nullable(),
  storage_history: z.array(z.object({ at: z.number(), total_bytes: bytes })),
  growth: z
    .object({
      span_ms: z.number().describe('the span the growth is measured over (up to a day)'),
      bytes_per_day: z.number(),
      days_until_full: z.number().nullable(),
    })
    .nullable()
    .describe('null: not enough history yet'),
  pace: z
    .object({
      delay_ms: z.number().describe('the pause before each step of background work now'),
      pressure: z.number().describe('0 (idle) to 1 (at the limits)'),
      cause: z.enum(['cpu', 'eventLoop', 'memory']).nullable(),
      reason: z.string().nullable(),
      slowed_since: z.number().nullable(),
      waiting: z.number().int(),
      delayed_steps: z.number().int(),
    })
    .describe('how much background work (session analysis, clip refreshes, retention) is slowed, and why'),
  shedding: z.object({
    active: z.boolean().describe('requests are refused now (503 SERVER_OVERLOADED with Retry-After)'),
    refused_last_hour: z.number().int(),
    last_refused_at: z.number().nullable(),
    last_cause: z.enum(['event_loop_delay', 'heap', 'rss', 'event_loop_utilization']).nullable(),
  }),
  advice: z.array(
    z.object({
      id: z.string(),
      severity: z.enum(['info', 'warning', 'critical']),
      text: z.string(),
      figures: z.record(z.string(), z.number()),
    }),
  ),
});

export const systemRoutes =
  ({ resources }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/system/resources',
      {
        // Answered while load is shed: it is where an admin sees why.
        config: { access: ADMIN, shed: false },
        schema: {
          tags,
          summary:
            "The server's resources: CPU, memory, event loop, disk and database sizes, their history, the pace of background work, load shedding and recommendations",
          response: { 200: resourcesSchema },
        },
      },
      () => resources.report({ isActive: app.isUnderPressure() }),
    );
    return Promise.resolve();
  };
