import { PUSH, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import type { Principal } from '../../accounts/principal.js';
import type { IngestScope } from '../../ingest/ingest.service.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { serviceValidatedBody } from '../service-validated-body.js';
import {
  ingestResultSchema,
  profileParams,
  seqPageQuery,
  storedEventSchema,
  wireEventDoc,
} from '../schemas.js';

const tags = ['events'];

/** A key bound to one stream pushes that stream's events only (the seed's stream key). */
const ingestScopeOf = (principal: Principal): IngestScope =>
  principal.kind === 'key' ? { onlyStream: principal.key.stream } : {};

/** The body arrives as a parsed JSON value, or as `{ ndjson }` from the NDJSON content parser. */
function ingestBody(ingest: AppDeps['ingest'], profile: string, body: unknown, scope: IngestScope) {
  if (Array.isArray(body)) return ingest.ingest(profile, body, scope);
  if (body && typeof body === 'object' && 'ndjson' in body && typeof body.ndjson === 'string') {
    return ingest.ingestNdjson(profile, body.ndjson, scope);
  }
  throw new ValidationError(
    'the body must be a JSON array of events or NDJSON',
    [
      {
        field: 'body',
        message: 'expected a JSON array (application/json) or one event per line (application/x-ndjson)',
      },
    ],
    'EVENT_INVALID',
  );
}

export const eventsRoutes =
  ({ ingest, reads }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.post(
      '/profiles/:profile/events',
      {
        // Events are data, recorded in the log itself; the audit trail is for changes.
        config: { access: PUSH, audit: false },
        schema: {
          tags,
          summary: 'Push a batch of events (JSON array or NDJSON), with an ingest key or as an editor',
          description:
            'Atomic: if any event is invalid, the answer is 400 listing the problems (index and field; at most 100, with their `total`) and nothing is stored. ' +
            'A batch with no events (`[]`, or NDJSON with no line) is refused with 400. ' +
            'Answered only after the batch is durable. Events whose source id was already stored on the same stream count as duplicates. ' +
            "503 with Retry-After when the server is saturated; 429 with Retry-After past the profile's daily quota.",
          params: profileParams,
          body: z.array(wireEventDoc),
          response: {
            200: ingestResultSchema,
            ...errorResponses(404, 413, 429, 503),
          },
        },
        validatorCompiler: serviceValidatedBody,
      },
      (req) => ingestBody(ingest, req.params.profile, req.body, ingestScopeOf(req.principal)),
    );

    app.get(
      '/profiles/:profile/events',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Page through the event log',
          params: profileParams,
          querystring: seqPageQuery('events', 10_000, 1000),
          response: {
            200: z.object({ events: z.array(storedEventSchema), next: z.number().nullable() }),
            ...errorResponses(404, 503),
          },
        },
      },
      (req) => reads.listEvents(req.params.profile, req.query.after, req.query.limit),
    );
    return Promise.resolve();
  };
