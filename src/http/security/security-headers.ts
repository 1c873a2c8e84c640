import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { CLIP_THUMBNAIL_ORIGINS } from '../../core/clip-thumbnail.js';
import type { PublicOrigins } from './public-origins.js';

type Directives = Record<string, Iterable<string | ((req: IncomingMessage) => string)>>;

/** Where the API docs live: Swagger UI gets a policy of its own. */
const DOCS_PREFIX = '/docs';

/**
 * The dashboard's and the overlays' policy: scripts, styles and everything else from the server
 * itself (the built pages have no inline script or style, and nothing calls eval; React and uPlot
 * set styles through the CSSOM, which the policy leaves alone), images also as data: URLs and
 * clip thumbnails from Twitch's image hosts (core/clip-thumbnail.ts), the live push over ws(s) to
 * the same host. Framing by the server's own pages only: the overlay
 * builder previews an overlay in an iframe, and OBS loads overlays as top-level pages.
 * test/e2e/security-headers.test.ts loads every page and fails on any violation.
 */
function pagePolicy(origins: PublicOrigins): Directives {
  const publicWebSockets = origins.configured.map((o) => o.replace(/^http/, 'ws'));
  // ws: and wss: of the host the page came from: 'self' covers them in CSP 3 browsers only.
  const webSockets = (req: IncomingMessage) => {
    const host = req.headers.host;
    const own = host ? [`ws://${host}`, `wss://${host}`] : [];
    return [...new Set([...publicWebSockets, ...own])].join(' ') || "'self'";
  };
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', ...CLIP_THUMBNAIL_ORIGINS],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", webSockets],
    'object-src': ["'none'"],
    'frame-ancestors': ["'self'"],
    'form-action': ["'self'"],
  };
}

/** Swagger UI at /docs: the same, but for the inline `<style>` it adds while rendering. */
function docsPolicy(origins: PublicOrigins): Directives {
  return { ...pagePolicy(origins), 'style-src': ["'self'", "'unsafe-inline'"] };
}

/**
 * Security headers on every answer (helmet): the content security policy above, no sniffing,
 * no referrer, framing by the server's own pages only. No Strict-Transport-Security: the server
 * speaks plain HTTP, and HTTPS is the reverse proxy's to announce.
 */
export async function installSecurityHeaders(app: FastifyInstance, origins: PublicOrigins): Promise<void> {
  // Before helmet's own onRoute hook, which reads `helmet` off each route as it is added.
  app.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
      route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: docsPolicy(origins) } };
    }
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: pagePolicy(origins) },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'sameorigin' },
  });
}
