import { EDIT, OVERLAY_READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugSchema } from '../../core/slug.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams, statsSnapshotSchema } from '../schemas.js';

const tags = ['stats'];

export const statsRoutes =
  ({ ingest, reads }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/stats',
      {
        config: { access: OVERLAY_READ },
        schema: {
          tags,
          summary: 'Current live stats, combined and per stream',
          params: profileParams,
          response: { 200: statsSnapshotSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => reads.getStats(req.params.profile),
    );

    app.post(
      '/profiles/:profile/stats/reset',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: "Reset live stats of one stream, or of all the profile's streams",
          description: 'Recorded as reset events in the log; answers with the stats after the reset.',
          params: profileParams,
          body: z.strictObject({ stream: slugSchema.optional() }).nullish(),
          response: { 200: statsSnapshotSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => {
        await ingest.reset(req.params.profile, req.body?.stream);
        return reads.getStats(req.params.profile);
      },
    );
    return Promise.resolve();
  };
