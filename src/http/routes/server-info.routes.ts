import { OPEN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';

export const serverInfoRoutes =
  ({ defaultProfile, version }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/config',
      {
        config: { access: OPEN },
        schema: {
          tags: ['live'],
          summary: 'What a dashboard needs to start: the default profile and the server version',
          response: { 200: z.object({ default_profile: z.string(), version: z.string() }) },
        },
      },
      () => ({ default_profile: defaultProfile, version }),
    );
    return Promise.resolve();
  };
