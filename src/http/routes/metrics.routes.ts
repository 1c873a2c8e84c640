import { METRICS } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';

/** The media type Prometheus reads (prom-client's), as documented; the answer names its charset too. */
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4';

export const metricsRoutes =
  ({ metrics }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/metrics',
      {
        // Scraped while load is shed too: that is when the figures matter most.
        config: { access: METRICS, shed: false },
        schema: {
          tags: ['operations'],
          summary: "The server's metrics, in the Prometheus text format",
          description:
            'For Prometheus: ingest (events, duplicates, batches, commit times, refusals, queue), live clients and ' +
            'push latency, connectors, webhooks, clip polls, HTTP request durations by route, storage per profile, ' +
            "the PostgreSQL pool and the process. Every profile is named, so it is a server admin's: a logged-in " +
            'admin, or an API key with the `metrics` scope (which only an admin grants) as `Authorization: Bearer <key>`.',
          response: {
            200: {
              description: 'The metrics (`text/plain; version=0.0.4`)',
              content: { [PROMETHEUS_TEXT]: { schema: z.string() } },
            },
          },
        },
      },
      async (_req, reply) => {
        const text = await metrics.scrape();
        return reply.type(metrics.contentType).send(text);
      },
    );
    return Promise.resolve();
  };
