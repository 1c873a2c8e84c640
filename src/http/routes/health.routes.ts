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
        config: { access: OPEN, shed: false },
        schema: {
          tags,
          summary: 'The process is up',
          description:
            '`status` is `overloaded` while the server refuses other requests (503 with Retry-After) to keep its event loop going.',
          response: { 200: statusSchema },
        },
      },
      // Answered even under load (a process restarted for being busy would only lose its work).
      () => ({ status: app.isUnderPressure() ? 'overloaded' : 'ok' }),
    );

    app.get(
      '/ready',
      {
        config: { access: OPEN, shed: false },
        schema: {
          tags,
          summary: 'The server can take events (storage reachable, not overloaded)',
          description:
            '503 with `status` `unavailable` while storage is out of reach, `overloaded` while the server refuses requests to keep its event loop going.',
          response: { 200: statusSchema, 503: statusSchema },
        },
      },
      async (_req, reply) => {
        if (app.isUnderPressure()) return reply.code(503).send({ status: 'overloaded' });
        return (await isReady()) ? { status: 'ready' } : reply.code(503).send({ status: 'unavailable' });
      },
    );
    return Promise.resolve();
  };
