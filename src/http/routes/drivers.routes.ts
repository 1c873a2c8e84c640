import { READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugSchema } from '../../core/slug.js';
import type { DriversService } from '../../analytics/drivers/drivers.service.js';
import { DEFAULT_MAX_LAG, MAX_LAG_LIMIT, rangeIssues } from '../../analytics/drivers/drivers-query.js';
import {
  DRIVER_ACTIVITIES,
  DRIVERS_STATUSES,
  driversResultSchema,
} from '../../analytics/drivers/drivers-result.schema.js';
import { errorResponses } from '../error-responses.js';
import { instantParam, profileParams } from '../schemas.js';

const tags = ['analytics'];

const maxLagQuery = z.coerce
  .number()
  .int()
  .min(0)
  .max(MAX_LAG_LIMIT)
  .default(DEFAULT_MAX_LAG)
  .describe('largest lag tried, in minutes');

const rangeQuery = z
  .object({ from: instantParam, to: instantParam, stream: slugSchema.optional(), max_lag: maxLagQuery })
  .superRefine((q, ctx) => {
    for (const issue of rangeIssues(q.from, q.to)) {
      ctx.addIssue({ code: 'custom', path: [issue.field.split('.').pop()!], message: issue.message });
    }
  });

const trendSchema = z
  .object({
    sessions: z.array(
      z.object({
        session_id: z.number(),
        started_at: z.number(),
        computed_at: z.number(),
        status: z.enum(DRIVERS_STATUSES),
        n: z.number(),
        r2: z.number().nullable(),
        verdict: z.string(),
        drivers: z.array(
          z.object({
            activity: z.enum(DRIVER_ACTIVITIES),
            best_lag_minutes: z.number().nullable(),
            coefficient: z.number().nullable(),
            significant: z.boolean(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'DriversTrend' });

/** Drivers of viewer change: per session, per date range, and the trend across finished sessions. */
export const driversRoutes =
  ({ drivers }: { drivers: DriversService }): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/sessions/:id/drivers',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Which activities moved the viewer count in a session, how much, and how sure that is',
          params: profileParams.extend({ id: z.coerce.number().int().positive() }),
          querystring: z.object({ max_lag: maxLagQuery }),
          response: { 200: driversResultSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => drivers.forSession(req.params.profile, req.params.id, { maxLag: req.query.max_lag }),
    );

    app.get(
      '/profiles/:profile/drivers',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Drivers of viewer change over a date range (at most 90 days), one stream or all combined',
          params: profileParams,
          querystring: rangeQuery,
          response: { 200: driversResultSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => {
        const { from, to, stream, max_lag } = req.query;
        return drivers.forRange(req.params.profile, {
          from,
          to,
          maxLag: max_lag,
          ...(stream ? { stream } : {}),
        });
      },
    );

    app.get(
      '/profiles/:profile/drivers/trend',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Stored drivers of finished sessions, newest first',
          params: profileParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
          response: { 200: trendSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => ({ sessions: await drivers.trend(req.params.profile, req.query.limit) }),
    );
    return Promise.resolve();
  };
