import type { FastifyInstance } from 'fastify';
import { checkHost, checkOrigin, isUnsafeMethod } from './browser-checks.js';
import { PublicOrigins, type PublicOriginSettings } from './public-origins.js';
import { installSecurityHeaders } from './security-headers.js';

/**
 * What keeps other sites' pages away from the API: a request whose `Host` names another site
 * is answered 421 HOST_NOT_ALLOWED (DNS rebinding), a POST, PUT, PATCH or DELETE from a page of
 * another origin 403 ORIGIN_NOT_ALLOWED (with or without a body, form posts included), and every
 * answer carries the security headers. Call before the routes are registered.
 */
export async function installBrowserProtections(
  app: FastifyInstance,
  settings: PublicOriginSettings,
): Promise<void> {
  const origins = new PublicOrigins(settings);
  await installSecurityHeaders(app, origins);
  app.addHook('onRequest', async (request, reply) => {
    const raw = request.raw;
    const refusal =
      checkHost(raw, origins) ?? (isUnsafeMethod(raw.method) ? checkOrigin(raw, origins) : null);
    if (!refusal) return;
    request.log.debug({ host: raw.headers.host, origin: raw.headers.origin }, 'browser request refused');
    return reply.code(refusal.status).send({ error: { code: refusal.code, message: refusal.message } });
  });
}
