import { OWN } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { displayTextSchema } from '../../core/display-text.js';
import { textSchema } from '../../core/text.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { deleted, profileParams } from '../schemas.js';

const tags = ['ingest keys'];

const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string().describe("the key's last 4 characters, to tell keys apart"),
  created_at: z.number().int(),
});

export const ingestKeysRoutes =
  ({ apiKeys }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.post(
      '/profiles/:profile/ingest-keys',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: 'Create a key for the /ingest WebSocket (deprecated: POST /keys with the ingest scope)',
          deprecated: true,
          params: profileParams,
          body: z.strictObject({ name: displayTextSchema(100) }),
          response: { 201: keySchema.extend({ key: z.string() }), ...errorResponses(404, 409, 503) },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(await apiKeys.create(req.params.profile, { name: req.body.name, scopes: ['ingest'] })),
    );

    app.get(
      '/profiles/:profile/ingest-keys',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: "List a profile's API keys (deprecated: GET /keys)",
          deprecated: true,
          params: profileParams,
          response: { 200: z.object({ keys: z.array(keySchema) }), ...errorResponses(404, 503) },
        },
      },
      async (req) => ({ keys: await apiKeys.list(req.params.profile) }),
    );

    app.delete(
      '/profiles/:profile/ingest-keys/:id',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: 'Revoke an API key (deprecated: DELETE /keys/:id)',
          deprecated: true,
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
