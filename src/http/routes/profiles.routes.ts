import { ANY_USER, EDIT, OWN, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { loggedInUser } from '../auth/logged-in-user.js';
import { errorResponses } from '../error-responses.js';
import {
  deleted,
  profileCreateSchema,
  profileParams,
  profileRenameSchema,
  profileSchema,
} from '../schemas.js';

const tags = ['profiles'];

export const profilesRoutes =
  ({ profiles, access, profileCreation }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles',
      {
        config: { access: ANY_USER },
        schema: {
          tags,
          summary: 'List the profiles you have a role in (every profile, for server admins)',
          response: { 200: z.object({ profiles: z.array(profileSchema) }), ...errorResponses(503) },
        },
      },
      async (req) => {
        const visible = await access.visibleProfiles(req.principal);
        const all = await profiles.list();
        return { profiles: visible === 'all' ? all : all.filter((p) => visible.has(p.id)) };
      },
    );

    app.post(
      '/profiles',
      {
        config: { access: ANY_USER },
        schema: {
          tags,
          summary: 'Create a profile; you become its owner',
          description:
            'Server admins may; other users only when the server allows each user some profiles ' +
            '(`STREAMPULSE_PROFILES_PER_USER`, else 403 `ADMIN_REQUIRED`), while they own fewer than that ' +
            '(else 429 `QUOTA_EXCEEDED`).',
          body: profileCreateSchema,
          response: { 201: profileSchema, ...errorResponses(403, 409, 429, 503) },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await profileCreation.create(loggedInUser(req).user, req.body)),
    );

    app.get(
      '/profiles/:profile',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Get a profile',
          params: profileParams,
          response: { 200: profileSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => profiles.get(req.params.profile),
    );

    app.patch(
      '/profiles/:profile',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Rename a profile',
          params: profileParams,
          body: profileRenameSchema,
          response: { 200: profileSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => profiles.rename(req.params.profile, req.body.name),
    );

    app.delete(
      '/profiles/:profile',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: 'Delete a profile and all of its data',
          params: profileParams,
          response: { 204: deleted, ...errorResponses(404, 503) },
        },
      },
      async (req, reply) => {
        await profiles.delete(req.params.profile);
        return reply.code(204).send();
      },
    );
    return Promise.resolve();
  };
