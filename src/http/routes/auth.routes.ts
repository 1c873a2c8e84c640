import { csrfTokenOf } from '../../accounts/secret-token.js';
import { csrfTokenSchema } from '../auth/access-control.js';
import { ANY_USER, OPEN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROFILE_ROLES } from '../../core/roles.js';
import { textSchema } from '../../core/text.js';
import type { AppDeps } from '../app-deps.js';
import {
  clearLoginCookie,
  loginClient,
  loginToken,
  setLoginCookie,
} from '../auth/login-cookie.js';
import { loggedInUser } from '../auth/logged-in-user.js';
import { loginRateLimits } from '../auth/login-rate-limits.js';
import { errorResponses } from '../error-responses.js';
import { deleted } from '../schemas.js';

const tags = ['auth'];

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  is_admin: z.boolean(),
  disabled: z.boolean(),
  created_at: z.number().int(),
});

const sessionSchema = z.object({
  id: z.string().describe('to revoke it by; not the token'),
  created_at: z.number().int(),
  last_used_at: z.number().int(),
  expires_at: z.number().int().describe('it ends then, however much it is used'),
  device: z.string().describe('the User-Agent it logged in with'),
  address: z.string(),
  current: z.boolean().describe("whether it is this request's login"),
});

export const membershipSchema = z.object({ profile: z.string(), role: z.enum(PROFILE_ROLES) });

const passwordSchema = z.string().min(1).max(1024);

export const authRoutes =
  ({ accounts, sessionLimits }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.post(
      '/auth/login',
      {
        config: { access: OPEN },
        schema: {
          tags,
          summary: 'Log in: sets the login cookie (HttpOnly) and answers who logged in',
          body: z.strictObject({ name: textSchema(1, 200), password: passwordSchema }),
          response: {
            200: z.object({ user: userSchema, session: sessionSchema, csrf_token: csrfTokenSchema }),
            ...errorResponses(401, 429, 503),
          },
        },
        preHandler: loginRateLimits(app, { byName: true }),
      },
      async (req, reply) => {
        const login = await accounts.login(req.body.name, req.body.password, loginClient(req));
        setLoginCookie(req, reply, login.token, sessionLimits.maxAgeMs);
        return {
          user: login.user,
          session: { ...login.session, current: true },
          csrf_token: csrfTokenOf(login.token),
        };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: OPEN },
        schema: {
          tags,
          summary: "End this request's login and clear its cookie",
          response: { 204: deleted, ...errorResponses(503) },
        },
      },
      async (req, reply) => {
        const token = loginToken(req);
        if (token) await accounts.logout(token);
        clearLoginCookie(req, reply);
        return reply.code(204).send();
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: ANY_USER },
        schema: {
          tags,
          summary: 'Who is logged in, and their roles in profiles',
          response: {
            200: z.object({
              user: userSchema,
              session: sessionSchema,
              memberships: z.array(membershipSchema),
              csrf_token: csrfTokenSchema,
            }),
            ...errorResponses(401, 503),
          },
        },
      },
      async (req) => {
        const { user, session } = loggedInUser(req);
        const memberships = await accounts.listMemberships(user.id);
        return {
          user,
          session: { ...session, current: true },
          memberships: memberships.map(({ profile, role }) => ({ profile, role })),
          csrf_token: csrfTokenOf(loginToken(req) ?? ''),
        };
      },
    );

    app.get(
      '/auth/sessions',
      {
        config: { access: ANY_USER },
        schema: {
          tags,
          summary: "The logged-in user's logins, on every device, most recently used first",
          response: { 200: z.object({ sessions: z.array(sessionSchema) }), ...errorResponses(401, 503) },
        },
      },
      async (req) => {
        const { user, session } = loggedInUser(req);
        const sessions = await accounts.listSessions(user.id);
        return { sessions: sessions.map(({ user_id: _, ...s }) => ({ ...s, current: s.id === session.id })) };
      },
    );

    app.delete(
      '/auth/sessions/:id',
      {
        config: { access: ANY_USER },
        schema: {
          tags,
          summary: 'End one of your logins (on another device, or this one)',
          params: z.object({ id: textSchema(1, 100) }),
          response: { 204: deleted, ...errorResponses(401, 404, 503) },
        },
      },
      async (req, reply) => {
        const { user, session } = loggedInUser(req);
        await accounts.revokeSession(user.id, req.params.id);
        if (req.params.id === session.id) clearLoginCookie(req, reply);
        return reply.code(204).send();
      },
    );

    app.post(
      '/auth/password',
      {
        config: { access: ANY_USER },
        schema: {
          tags,
          summary: 'Change your password; every other login of yours ends',
          body: z.strictObject({ current_password: passwordSchema, new_password: passwordSchema }),
          response: { 204: deleted, ...errorResponses(401, 429, 503) },
        },
        preHandler: loginRateLimits(app, { byName: false }),
      },
      async (req, reply) => {
        const { user, session } = loggedInUser(req);
        await accounts.changePassword(user.id, req.body.current_password, req.body.new_password, session.id);
        return reply.code(204).send();
      },
    );
    return Promise.resolve();
  };
