import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { READ } from '../../accounts/access-rule.js';
import { COUNTER_FIELDS } from '../../core/counters.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { instantParam, profileParams } from '../schemas.js';

const cellSchema = z.object({
  weekday: z.number().int().describe('0 = Monday ... 6 = Sunday, in the profile time zone'),
  hour: z.number().int().describe('0-23, wall-clock hour in the profile time zone'),
  hours: z.number().int().describe('how many such hours (distinct dates) had a stream live or active'),
  viewers: z.number().nullable().describe("average viewers: each stream's average reading, summed"),
  ...Object.fromEntries(COUNTER_FIELDS.map((f) => [f, z.number().describe('per live hour')])),
});

const peakTimesSchema = z
  .object({
    timezone: z.string(),
    period: z.object({ kind: z.string(), from: z.number().nullable(), to: z.number().nullable() }),
    cells: z.array(cellSchema).describe('the weekday and hour cells with activity, by weekday then hour'),
  })
  .meta({ id: 'PeakTimes' });

export const peakTimesRoutes =
  ({ peakTimes }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/peak-times',
      {
        config: { access: READ },
        schema: {
          tags: ['analytics'],
          summary: 'Average viewers and activity by weekday and hour, in the profile time zone',
          description:
            'period: today, week, month (boundaries in the profile time zone), last7d, last30d, all (default), or custom with from and to. ' +
            'Each cell averages over the hours of its weekday and hour that had a stream live or active: viewers (the average reading per stream, summed over the streams) and every counter per such hour.',
          params: profileParams,
          querystring: z.object({
            period: z.string().default('all'),
            from: instantParam.optional(),
            to: instantParam.optional(),
          }),
          response: { 200: peakTimesSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => {
        const { period, from, to } = req.query;
        return peakTimes.get(req.params.profile, { period, from, to });
      },
    );
    return Promise.resolve();
  };
