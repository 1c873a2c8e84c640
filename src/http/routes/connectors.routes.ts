import { EDIT, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONNECTOR_STATES } from '../../core/connector-status.js';
import { viewConnectorStatus } from '../../ingest/connector-status.js';
import { PLATFORMS } from '../../store/ports.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams, streamParams } from '../schemas.js';

const tags = ['connectors'];

const connectorStatusSchema = z.object({
  stream: z.string(),
  platform: z.enum(PLATFORMS),
  state: z.enum(CONNECTOR_STATES),
  since: z.string().describe('when the state last changed (ISO-8601)'),
  failures: z.number().int().describe('failed attempts in a row'),
  last_error: z.object({ message: z.string(), at: z.string() }).nullable(),
  next_attempt_at: z.string().nullable().describe('when the next attempt is due while reconnecting'),
});

export const connectorsRoutes =
  ({ connectors }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/connectors',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "The connector status of each of a profile's streams",
          params: profileParams,
          response: {
            200: z.object({ connectors: z.array(connectorStatusSchema) }),
            ...errorResponses(404, 503),
          },
        },
      },
      async (req) => ({ connectors: (await connectors.list(req.params.profile)).map(viewConnectorStatus) }),
    );

    app.post(
      '/profiles/:profile/streams/:stream/connect',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Connect a stream to its platform (it stays connected across restarts until disconnected)',
          params: streamParams,
          response: { 200: connectorStatusSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => viewConnectorStatus(await connectors.connect(req.params.profile, req.params.stream)),
    );

    app.post(
      '/profiles/:profile/streams/:stream/disconnect',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Disconnect a stream (what it already heard is stored first)',
          params: streamParams,
          response: { 200: connectorStatusSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => viewConnectorStatus(await connectors.disconnect(req.params.profile, req.params.stream)),
    );
    return Promise.resolve();
  };
