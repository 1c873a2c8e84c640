import { OVERLAY_READ, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugSchema } from '../../core/slug.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams, sessionSchema } from '../schemas.js';

const tags = ['sessions'];

export const sessionsRoutes =
  ({ reads }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/sessions',
      {
        config: { access: OVERLAY_READ },
        schema: {
          tags,
          summary: 'Sessions (live broadcasts), newest first',
          params: profileParams,
          querystring: z.object({
            stream: slugSchema.optional(),
            before: z.coerce
              .number()
              .int()
              .optional()
              .describe('only sessions started before this epoch ms (paging)'),
            limit: z.coerce.number().int().min(1).max(500).default(50),
          }),
          response: { 200: z.object({ sessions: z.array(sessionSchema) }), ...errorResponses(404, 503) },
        },
      },
      async (req) => ({ sessions: await reads.listSessions(req.params.profile, req.query) }),
    );

    app.get(
      '/profiles/:profile/sessions/:id',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'One session',
          params: profileParams.extend({ id: z.coerce.number().int().positive() }),
          response: { 200: sessionSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => reads.getSession(req.params.profile, req.params.id),
    );
    return Promise.resolve();
  };
