import { csrfTokenOf } from '../../accounts/secret-token.js';
import { csrfTokenSchema } from '../auth/access-control.js';
import { OPEN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { textSchema } from '../../core/text.js';
import type { AppDeps } from '../app-deps.js';
import { loginClient, setLoginCookie } from '../auth/login-cookie.js';
import { errorResponses } from '../error-responses.js';

const tags = ['auth'];
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export const setupRoutes =
  ({ accounts, firstRun, sessionLimits }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/setup',
      {
        config: { access: OPEN },
        schema: {
          tags,
          summary: 'Whether the owner account is still to be created (the first run)',
          response: { 200: z.object({ needed: z.boolean() }), ...errorResponses(503) },
        },
      },
      async () => ({ needed: await firstRun.isNeeded() }),
    );

    app.post(
      '/setup',
      {
        config: { access: OPEN },
        schema: {
          tags,
          summary: 'Create the owner account with the link printed at the first start, and log in',
          description:
            'Works once, from the machine StreamPulse runs on, while the link has not expired; the owner is a server admin.',
          body: z.strictObject({
            token: textSchema(1, 200),
            name: textSchema(1, 200),
            password: z.string().min(1).max(1024),
          }),
          response: {
            201: z.object({
              user: z.object({ id: z.string(), name: z.string(), is_admin: z.boolean() }),
              csrf_token: csrfTokenSchema,
            }),
            ...errorResponses(401, 403, 409, 503),
          },
        },
      },
      async (req, reply) => {
        const { token, name, password } = req.body;
        // The peer itself, not a forwarded address: a proxy on this machine does not make a visitor local.
        const isLoopback = LOOPBACK.has(req.socket.remoteAddress ?? '');
        const user = await firstRun.createOwner({ token, name, password, isLoopback });
        const login = await accounts.login(user.name, password, loginClient(req));
        setLoginCookie(req, reply, login.token, sessionLimits.maxAgeMs);
        return reply.code(201).send({
          user: { id: user.id, name: user.name, is_admin: user.is_admin },
          csrf_token: csrfTokenOf(login.token),
        });
      },
    );
    return Promise.resolve();
  };
