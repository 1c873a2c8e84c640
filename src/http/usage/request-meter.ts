import type { FastifyInstance } from 'fastify';
import type { UsageService } from '../../profiles/usage.service.js';

/** Counts every answered API request that names a profile in its path toward that profile's usage. */
export function installRequestMeter(app: FastifyInstance, usage: UsageService): void {
  app.addHook('onResponse', (req, _reply, done) => {
    const profile = (req.params as { profile?: unknown } | undefined)?.profile;
    // Counts of a name that is no profile are dropped when they are stored.
    if (typeof profile === 'string' && req.routeOptions.url) usage.countRequest(profile);
    done();
  });
}
