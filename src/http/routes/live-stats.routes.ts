import { EDIT, LIVE_STATS } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugSchema } from '../../core/slug.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { seedStatsSchema, streamParams, streamSchema } from '../schemas.js';

const tags = ['live'];

export const liveStatsRoutes =
  ({ live, profiles, defaultProfile }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/stats',
      {
        config: { access: LIVE_STATS },
        schema: {
          tags,
          summary: 'Live stats in the original dashboard shape (the same payload as the stats_update event)',
          querystring: z.object({ profile: slugSchema.optional().describe('default: the default profile') }),
          response: { 200: seedStatsSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => {
        const profile = req.query.profile ?? defaultProfile;
        await profiles.get(profile);
        return live.seedPayload(profile);
      },
    );

    app.put(
      '/profiles/:profile/streams/:stream/recording',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Set whether a stream is being recorded (stored and pushed to live clients)',
          params: streamParams,
          body: z.strictObject({ recording: z.boolean() }),
          response: { 200: streamSchema, ...errorResponses(404, 503) },
        },
      },
      (req) =>
        profiles.updateStream(req.params.profile, req.params.stream, { recording: req.body.recording }),
    );
    return Promise.resolve();
  };
