import type { FastifyInstance } from 'fastify';
import type { HttpMetrics } from '../../ops/http-metrics.js';

/** Times every answered request into the HTTP metrics, by its route's pattern (never its URL). */
export function installRequestDurations(app: FastifyInstance, http: HttpMetrics): void {
  app.addHook('onResponse', (req, reply, done) => {
    http.answered(req.method, req.routeOptions.url ?? null, reply.statusCode, reply.elapsedTime);
    done();
  });
}
