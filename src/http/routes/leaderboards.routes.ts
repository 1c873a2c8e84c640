import { OVERLAY_READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  LEADERBOARD_METRICS,
  type LeaderboardMetric,
} from '../../analytics/leaderboards/leaderboard.service.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { instantParam, profileParams } from '../schemas.js';

const metrics = Object.keys(LEADERBOARD_METRICS) as [LeaderboardMetric, ...LeaderboardMetric[]];

const giftSchema = z.object({
  gift_id: z.string(),
  gift_name: z.string(),
  count: z.number(),
  coins: z.number(),
});

const leaderboardSchema = z
  .object({
    metric: z.enum(metrics),
    period: z.object({
      kind: z.string(),
      from: z.number().nullable().describe('epoch ms; null for all and session'),
      to: z.number().nullable(),
      session: z.number().nullable(),
      timezone: z.string(),
    }),
    entries: z.array(
      z.object({
        rank: z.number(),
        viewer: z.object({ id: z.string(), name: z.string(), display: z.string().nullable() }),
        total: z.number(),
        gift_types: z.array(giftSchema),
        biggest_gift: z.object({ gift_id: z.string(), gift_name: z.string(), coins: z.number() }).nullable(),
        last_activity: z.number().describe('epoch ms'),
      }),
    ),
  })
  .meta({ id: 'Leaderboard' });

export const leaderboardsRoutes =
  ({ leaderboards }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/leaderboards',
      {
        config: { access: OVERLAY_READ },
        schema: {
          tags: ['analytics'],
          summary: 'Viewers ranked by coins, gifts, messages, likes or shares over a session or a period',
          description:
            'period: session:<id>, today, week, month (boundaries in the profile time zone), last7d, last30d, all, or custom with from and to. A session counts in the period it started in.',
          params: profileParams,
          querystring: z.object({
            metric: z.enum(metrics).default('coins'),
            period: z.string().default('all'),
            from: instantParam.optional(),
            to: instantParam.optional(),
            limit: z.coerce.number().int().min(1).max(500).default(10),
          }),
          response: { 200: leaderboardSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => {
        const { metric, period, from, to, limit } = req.query;
        return leaderboards.get(req.params.profile, metric, { period, from, to }, limit);
      },
    );
    return Promise.resolve();
  };
