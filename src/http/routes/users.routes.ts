import { ADMIN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { textSchema } from '../../core/text.js';
import type { AppDeps } from '../app-deps.js';
import { loggedInUser } from '../auth/logged-in-user.js';
import { errorResponses } from '../error-responses.js';
import { membershipSchema, userSchema } from './auth.routes.js';

const tags = ['users'];

const listedUserSchema = userSchema.extend({
  memberships: z.array(membershipSchema).describe('the profiles the user has a role in'),
});
const passwordSchema = z.string().min(1).max(1024).describe('12-256 characters');

export const usersRoutes =
  ({ users }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/users',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'List the users, by name, with their roles in profiles',
          response: { 200: z.object({ users: z.array(listedUserSchema) }), ...errorResponses(503) },
        },
      },
      async () => ({ users: await users.list() }),
    );

    app.post(
      '/users',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Create a user, who logs in with this name and password',
          body: z.strictObject({
            name: textSchema(1, 200).describe('unique whatever its case; at most 64 characters, no spaces'),
            password: passwordSchema,
            is_admin: z.boolean().optional().describe('a server admin, who manages users and every profile'),
          }),
          response: { 201: listedUserSchema, ...errorResponses(409, 503) },
        },
      },
      async (req, reply) => {
        const { name, password, is_admin } = req.body;
        return reply.code(201).send(await users.create({ name, password, isAdmin: is_admin }));
      },
    );

    app.patch(
      '/users/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'Disable or enable a user, make or unmake an admin, set their password',
          description:
            "Disabling ends the user's logins; a new password ends them too (but yours, when it is yours). " +
            'You may not disable or demote yourself (409 `CANNOT_DISABLE_SELF`, `CANNOT_DEMOTE_SELF`), and ' +
            'the last enabled admin stays one (409 `LAST_ADMIN`).',
          params: z.object({ id: textSchema(1, 100).describe('user id') }),
          body: z.strictObject({
            disabled: z.boolean().optional(),
            is_admin: z.boolean().optional(),
            password: passwordSchema.optional(),
          }),
          response: { 200: listedUserSchema, ...errorResponses(404, 409, 503) },
        },
      },
      (req) => {
        const { disabled, is_admin, password } = req.body;
        return users.update(loggedInUser(req), req.params.id, { disabled, isAdmin: is_admin, password });
      },
    );
    return Promise.resolve();
  };
