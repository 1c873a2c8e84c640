import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { READ } from '../../accounts/access-rule.js';
import type { AppDeps } from '../app-deps.js';
import {
  clipTriggerFiguresSchema,
  clipTriggerParams,
  clipTriggerQueryOf,
  detectorsInForceSchema,
} from '../clip-trigger-schemas.js';
import { errorResponses } from '../error-responses.js';
import { slugSchema } from '../../core/slug.js';
import { instantParam, profileParams } from '../schemas.js';

const sessionFiguresSchema = z.object({
  session: z.number().describe('session id'),
  stream: z.string(),
  started_at: z.number(),
  ended_at: z.number().nullable(),
  window: z
    .object({ from: z.number(), to: z.number(), partial: z.boolean() })
    .describe('the part of the session replayed: all of it, or its last 7 days'),
  ...clipTriggerFiguresSchema.shape,
});

const clipTriggerPrecisionSchema = z
  .object({
    from: z.number(),
    to: z.number(),
    window_minutes: z.number(),
    detectors: detectorsInForceSchema,
    sessions: z.array(sessionFiguresSchema).describe('oldest first'),
    total: clipTriggerFiguresSchema.describe('all the sessions together: counts summed, shares of the sums'),
  })
  .meta({ id: 'ClipTriggerPrecision' });

/** `GET /profiles/:profile/clips/trigger-precision`: how well spike triggers foretold clips, per session. */
export const clipTriggersRoutes =
  ({ clipTriggers }: Pick<AppDeps, 'clipTriggers'>): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/clips/trigger-precision',
      {
        config: { access: READ },
        schema: {
          tags: ['clips'],
          summary: 'How many spike triggers led to a clip and how many clips a trigger foretold, per session',
          description:
            "For each session started in [from, to) (the last 30 days by default, at most 90) of the named stream or of every Twitch stream of the profile: the spike detectors are replayed minute by minute over the session's stream (its last 7 days at most) " +
            "with the profile's trigger settings or those named as `<signal>.<setting>` (what would these thresholds have caught?), the session's clips placed on its timeline, and " +
            'a trigger counts as followed by a clip, and a clip as preceded by a trigger, when the clip starts at most `window_minutes` after the trigger. ' +
            '400 RANGE_TOO_LARGE beyond 200 sessions or 200,000 minutes of them (fewer with baseline windows wider than the default 30).',
          params: profileParams,
          querystring: z.object({
            from: instantParam
              .optional()
              .describe('sessions started at or after this (default: 30 days before to)'),
            to: instantParam.optional().describe('sessions started before this (default: now)'),
            stream: slugSchema.optional().describe("one stream's sessions (default: every Twitch stream)"),
            ...clipTriggerParams,
          }),
          response: { 200: clipTriggerPrecisionSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => {
        const { from, to, stream } = req.query;
        return clipTriggers.getPrecision(req.params.profile, {
          from,
          to,
          stream,
          ...clipTriggerQueryOf(req.query),
        });
      },
    );
    return Promise.resolve();
  };
