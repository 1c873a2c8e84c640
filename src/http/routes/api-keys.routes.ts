import { OWN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_KEY_SCOPES } from '../../core/api-key-scopes.js';
import { displayTextSchema } from '../../core/display-text.js';
import { slugSchema } from '../../core/slug.js';
import { textSchema } from '../../core/text.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { deleted, profileParams } from '../schemas.js';

const tags = ['API keys'];

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string().describe("the key's last 4 characters, to tell keys apart"),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  stream: z.string().nullable().describe('the one stream it may push to, or null for all'),
  expires_at: z.number().int().nullable(),
  last_used_at: z.number().int().nullable().describe('its last use, to the minute'),
  created_at: z.number().int(),
});

export const apiKeysRoutes =
  ({ apiKeys }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.post(
      '/profiles/:profile/keys',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: 'Create an API key (the key is shown only in this answer)',
          description:
            'Scopes: `ingest` pushes events (HTTP and the /ingest WebSocket), `read` reads, `manage` changes settings. ' +
            "`metrics` reads GET /metrics (every profile's figures) and nothing else: only a server admin may grant it (403 " +
            '`ADMIN_REQUIRED` otherwise), and alone. ' +
            'A key bound to a `stream` may push that stream only. Keys look like `spk_` and 36 base62 characters, ' +
            'the last 6 a checksum, so secret scanners can recognise them.',
          params: profileParams,
          body: z.strictObject({
            name: displayTextSchema(100),
            scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
            stream: slugSchema.nullish(),
            expires_at: z.number().int().min(0).max(8.64e15).nullish().describe('epoch ms'),
          }),
          response: { 201: apiKeySchema.extend({ key: z.string() }), ...errorResponses(404, 409, 503) },
        },
      },
      async (req, reply) => {
        const { name, scopes, stream, expires_at } = req.body;
        const issued = await apiKeys.create(req.params.profile, {
          name,
          scopes,
          stream,
          expiresAt: expires_at,
          byAdmin: req.principal.kind === 'user' && req.principal.user.is_admin,
        });
        return reply.code(201).send(issued);
      },
    );

    app.get(
      '/profiles/:profile/keys',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: "List a profile's API keys (without the keys themselves)",
          params: profileParams,
          response: { 200: z.object({ keys: z.array(apiKeySchema) }), ...errorResponses(404, 503) },
        },
      },
      async (req) => ({ keys: await apiKeys.list(req.params.profile) }),
    );

    app.delete(
      '/profiles/:profile/keys/:id',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: 'Revoke an API key; sockets opened with it close within a second',
          params: profileParams.extend({ id: textSchema(1, 100) }),
          response: { 204: deleted, ...errorResponses(404, 503) },
        },
      },
      async (req, reply) => {
        await apiKeys.revoke(req.params.profile, req.params.id);
        return reply.code(204).send();
      },
    );
    return Promise.resolve();
  };
