import { EDIT, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams } from '../schemas.js';

const tags = ['profiles'];
const timeZoneSchema = z.object({
  timezone: z.string().describe('IANA time zone, e.g. Europe/Berlin; default UTC'),
});

export const timeZoneRoutes =
  ({ profiles }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/settings/timezone',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "The profile's time zone (day, week and month boundaries of leaderboards and goals)",
          params: profileParams,
          response: { 200: timeZoneSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => ({ timezone: await profiles.getTimeZone(req.params.profile) }),
    );

    app.put(
      '/profiles/:profile/settings/timezone',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: "Set the profile's time zone",
          params: profileParams,
          body: z.strictObject({ timezone: z.string().min(1).max(100) }),
          response: { 200: timeZoneSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => ({ timezone: await profiles.setTimeZone(req.params.profile, req.body.timezone) }),
    );
    return Promise.resolve();
  };
