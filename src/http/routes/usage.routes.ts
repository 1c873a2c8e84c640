import { ADMIN, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { utcDay } from '../../profiles/usage.service.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams } from '../schemas.js';

const tags = ['usage'];
/** A day that exists, YYYY-MM-DD (2026-02-30 does not), between the years 1970 and 9999. */
const DAY = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD')
  .refine((day) => {
    const ms = Date.parse(`${day}T00:00:00Z`);
    return ms >= 0 && new Date(ms).toISOString().slice(0, 10) === day;
  }, 'must be a day that exists, from 1970-01-01');
const quotaSchema = z.object({
  events_per_day: z
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .nullable()
    .describe('events the profile may push per UTC day; null for no limit'),
});

export const usageRoutes =
  ({ usage }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/usage',
      {
        config: { access: READ },
        schema: {
          tags,
          summary:
            'What the profile used per UTC day: events stored, their size, API requests, clips collected, live minutes per stream',
          params: profileParams,
          querystring: z.object({
            from: DAY.optional().describe('first day (default: 30 days before `to`)'),
            to: DAY.optional().describe('last day (default: today)'),
          }),
          response: {
            200: z.object({
              days: z.array(
                z.object({
                  day: z.string(),
                  events: z.number().int(),
                  bytes: z.number().int(),
                  requests: z.number().int(),
                  clips: z.number().int().describe('clips collected for the profile'),
                  live_minutes: z.record(z.string(), z.number().int()),
                }),
              ),
            }),
            ...errorResponses(404, 503),
          },
        },
      },
      async (req) => {
        const to = req.query.to ?? utcDay(Date.now());
        const from = req.query.from ?? utcDay(Date.parse(`${to}T00:00:00Z`) - 30 * 86_400_000);
        return { days: await usage.report(req.params.profile, from, to) };
      },
    );

    app.get(
      '/profiles/:profile/settings/quota',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "The profile's quota",
          params: profileParams,
          response: { 200: quotaSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => usage.getQuota(req.params.profile),
    );

    app.put(
      '/profiles/:profile/settings/quota',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary:
            "Set the profile's quota: pushes past it are refused with 429 and Retry-After until the next UTC midnight",
          params: profileParams,
          body: quotaSchema.strict(),
          response: { 200: quotaSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => usage.setQuota(req.params.profile, req.body),
    );
    return Promise.resolve();
  };
