import { OPEN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';

export const serverInfoRoutes =
  ({ defaultProfile, profiles, version }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/config',
      {
        config: { access: OPEN },
        schema: {
          tags: ['live'],
          summary: 'What a dashboard needs to start: the default profile and the server version',
          description:
            '`default_profile` is null while the profile the server is set to show first does not exist ' +
            '(not created yet, or deleted): a dashboard then shows one of the profiles the user has.',
          response: {
            200: z.object({ default_profile: z.string().nullable(), version: z.string() }),
            ...errorResponses(503),
          },
        },
      },
      async () => ({ default_profile: await existing(profiles, defaultProfile), version }),
    );
    return Promise.resolve();
  };

/** `id` if that profile exists, else null; other failures (the store unavailable) are thrown. */
async function existing(profiles: ProfileService, id: string): Promise<string | null> {
  try {
    return (await profiles.get(id)).id;
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}
