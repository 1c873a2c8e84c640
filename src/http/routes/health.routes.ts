import { OPEN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';

const tags = ['health'];
const statusSchema = z.object({ status: z.string() });

export const healthRoutes =
  ({ isReady }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/health',
      {
        config: { access: OPEN }, schema: { tags, summary: 'The process is up', response: { 200: statusSchema } } },
      () => ({ status: 'ok' }),
    );

    app.get(
      '/ready',
      {
        config: { access: OPEN },
        schema: {
          tags,
          summary: 'The server can take events (storage reachable)',
          response: { 200: statusSchema, 503: statusSchema },
        },
      },
      async (_req, reply) =>
        (await isReady()) ? { status: 'ready' } : reply.code(503).send({ status: 'unavailable' }),
    );
    return Promise.resolve();
  };
