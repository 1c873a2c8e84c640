import { EDIT } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { displayTextSchema } from '../../core/display-text.js';
import { OVERLAY_KINDS } from '../../core/overlay-kinds.js';
import { textSchema } from '../../core/text.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { deleted, profileParams } from '../schemas.js';

const tags = ['overlay tokens'];
const tokenParams = profileParams.extend({ id: textSchema(1, 100) });

export const overlayTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    overlay: z
      .enum(OVERLAY_KINDS)
      .nullable()
      .describe(
        'the one overlay it is for (its live socket gets only what that overlay shows), or null for any',
      ),
    hint: z.string().describe("the token's last 4 characters, to tell tokens apart"),
    created_at: z.number().int(),
    last_used_at: z.number().int().nullable().describe('the last use of its current secret, to the minute'),
  })
  .meta({ id: 'OverlayToken' });

const issuedSchema = overlayTokenSchema
  .extend({ token: z.string().describe('the secret: put it in the overlay URL as token=; shown only here') })
  .meta({ id: 'IssuedOverlayToken' });

export const overlayTokensRoutes =
  ({ overlayTokens }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.post(
      '/profiles/:profile/overlay-tokens',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Create an overlay token (the token is shown only in this answer)',
          description:
            "A read-only token for OBS overlays: sent as `Authorization: Bearer` or the overlay URL's `token=`, it reads " +
            'what overlays show of this profile (stats, goals, sessions, leaderboards) and opens its live socket. Made for ' +
            'one `overlay`, its socket receives only the events that overlay shows. Tokens look like `spo_` and 43 ' +
            'base64url characters.',
          params: profileParams,
          body: z.strictObject({
            name: displayTextSchema(100),
            overlay: z.enum(OVERLAY_KINDS).nullish().describe('left out or null: any overlay'),
          }),
          response: { 201: issuedSchema, ...errorResponses(404, 409, 503) },
        },
      },
      async (req, reply) => {
        const { name, overlay } = req.body;
        const issued = await overlayTokens.create(req.params.profile, { name, overlay: overlay ?? null });
        return reply.code(201).send(issued);
      },
    );

    app.get(
      '/profiles/:profile/overlay-tokens',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: "List a profile's overlay tokens (without the tokens themselves)",
          params: profileParams,
          response: { 200: z.object({ tokens: z.array(overlayTokenSchema) }), ...errorResponses(404, 503) },
        },
      },
      async (req) => ({ tokens: await overlayTokens.list(req.params.profile) }),
    );

    app.post(
      '/profiles/:profile/overlay-tokens/:id/rotate',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary:
            'Give an overlay token a new secret (shown only in this answer); the old one stops working',
          description:
            'Same id, name and overlay. Overlays still using the old secret stop within a few seconds and say that ' +
            'their link is no longer valid.',
          params: tokenParams,
          response: { 200: issuedSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => overlayTokens.rotate(req.params.profile, req.params.id),
    );

    app.delete(
      '/profiles/:profile/overlay-tokens/:id',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Revoke an overlay token; overlays using it stop within a few seconds',
          params: tokenParams,
          response: { 204: deleted, ...errorResponses(404, 503) },
        },
      },
      async (req, reply) => {
        await overlayTokens.revoke(req.params.profile, req.params.id);
        return reply.code(204).send();
      },
    );
    return Promise.resolve();
  };
