import { OWN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROFILE_ROLES } from '../../core/roles.js';
import { textSchema } from '../../core/text.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { deleted, profileParams } from '../schemas.js';

const tags = ['members'];

const memberSchema = z.object({ user_id: z.string(), name: z.string(), role: z.enum(PROFILE_ROLES) });
const memberParams = profileParams.extend({
  user: textSchema(1, 200).describe("the user's name, whatever its case (not their id)"),
});

export const membersRoutes =
  ({ members }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/members',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: 'The users with a role in the profile, by name',
          description: 'Server admins act as owners of every profile without being listed here.',
          params: profileParams,
          response: { 200: z.object({ members: z.array(memberSchema) }), ...errorResponses(404, 503) },
        },
      },
      async (req) => ({ members: await members.list(req.params.profile) }),
    );

    app.put(
      '/profiles/:profile/members/:user',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: 'Give a user, named by their name, a role in the profile (or change it)',
          description:
            'viewer reads, editor also changes streams, settings and goals and pushes events, owner also ' +
            'manages keys and members. An unknown user is 404 `USER_NOT_FOUND`; the last owner keeps the ' +
            'role (409 `LAST_OWNER`).',
          params: memberParams,
          body: z.strictObject({ role: z.enum(PROFILE_ROLES) }),
          response: { 200: memberSchema, ...errorResponses(404, 409, 503) },
        },
      },
      (req) => members.set(req.params.profile, req.params.user, req.body.role),
    );

    app.delete(
      '/profiles/:profile/members/:user',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: "Take a user's role in the profile away: their next request is refused",
          description:
            'Live sockets they opened close within a second. 404 `MEMBER_NOT_FOUND` when they have no role ' +
            'here; the last owner stays (409 `LAST_OWNER`).',
          params: memberParams,
          response: { 204: deleted, ...errorResponses(404, 409, 503) },
        },
      },
      async (req, reply) => {
        await members.remove(req.params.profile, req.params.user);
        return reply.code(204).send();
      },
    );
    return Promise.resolve();
  };
