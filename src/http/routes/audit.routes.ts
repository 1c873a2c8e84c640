import { ADMIN, OWN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams } from '../schemas.js';

const tags = ['audit'];

const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actor: z.object({
    kind: z.enum(['user', 'key', 'cli', 'anonymous']),
    id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  address: z.string(),
  profile: z.string().nullable(),
  action: z.string().describe('e.g. `PUT /api/profiles/:profile/settings/triggers` or `user.create`'),
  details: z.record(z.string(), z.unknown()).describe('path parameters and body, secrets redacted'),
  status: z.number().int(),
});

const pageQuery = z.object({
  before: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('entries older than this id'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const pageSchema = z.object({
  entries: z.array(auditEntrySchema),
  next: z.number().int().nullable().describe('`before` of the next page, or null at the start'),
});

export const auditRoutes =
  ({ audit, profiles }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    const page = async (query: { before?: number; limit: number }, profile?: string) => {
      const entries = await audit.list({ ...query, profile });
      return { entries, next: entries.length === query.limit ? entries.at(-1)!.id : null };
    };

    app.get(
      '/profiles/:profile/audit',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: "The profile's audit trail: who changed what, when and from where, newest first",
          params: profileParams,
          querystring: pageQuery,
          response: { 200: pageSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => {
        await profiles.get(req.params.profile);
        return page(req.query, req.params.profile);
      },
    );

    app.get(
      '/audit',
      {
        config: { access: ADMIN },
        schema: {
          tags,
          summary: 'The server-wide audit trail (users, profiles, every change), newest first',
          querystring: pageQuery,
          response: { 200: pageSchema, ...errorResponses(503) },
        },
      },
      (req) => page(req.query),
    );
    return Promise.resolve();
  };
