import { READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COUNTER_FIELDS } from '../../core/counters.js';
import { textSchema } from '../../core/text.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { counterSchema, profileParams } from '../schemas.js';

const tags = ['analytics'];
const sorts = [...COUNTER_FIELDS, 'last_seen', 'first_seen', 'events'] as const;

const viewerSchema = counterSchema
  .extend({
    user_id: z.string(),
    name: z.string(),
    display: z.string().nullable(),
    first_seen: z.number().describe('epoch ms'),
    last_seen: z.number().describe('epoch ms'),
    events: z.number(),
    sessions: z.number().describe('sessions attended'),
    xp: z.number(),
    level: z.number(),
    level_xp: z.number().describe('XP where the current level starts'),
    next_level_xp: z.number(),
  })
  .meta({ id: 'Viewer' });

const viewerSessionSchema = counterSchema.extend({
  session_id: z.number(),
  stream: z.string().nullable(),
  started_at: z.number().nullable(),
  first_seen: z.number(),
  last_seen: z.number(),
  events: z.number(),
});

export const viewersRoutes =
  ({ viewers }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/viewers',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Viewers with their totals, sessions attended, XP and level; search by name',
          params: profileParams,
          querystring: z.object({
            search: textSchema(1, 100).optional().describe('part of the name or display name'),
            sort: z.enum(sorts).default('last_seen'),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
          }),
          response: {
            200: z.object({ viewers: z.array(viewerSchema), total: z.number() }),
            ...errorResponses(404, 503),
          },
        },
      },
      (req) => viewers.list(req.params.profile, req.query),
    );

    app.get(
      '/profiles/:profile/viewers/:id',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "One viewer's profile and their recent sessions",
          params: profileParams.extend({ id: textSchema(1, 200) }),
          response: {
            200: viewerSchema.extend({ recent_sessions: z.array(viewerSessionSchema) }),
            ...errorResponses(404, 503),
          },
        },
      },
      (req) => viewers.get(req.params.profile, req.params.id),
    );
    return Promise.resolve();
  };
