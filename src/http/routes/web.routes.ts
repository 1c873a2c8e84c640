import { OPEN } from '../../accounts/access-rule.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** Paths of the dashboard's pages: each answers the single-page app, which reads the path itself. */
export const DASHBOARD_PATHS = [
  '/',
  '/sessions',
  '/sessions/:id',
  '/leaderboards',
  '/viewers',
  '/viewers/:id',
  '/heatmap',
  '/clips',
  '/export',
  '/goals',
  '/keys',
  '/usage',
  '/audit',
  '/users',
  '/settings',
  '/account',
  '/login',
  '/setup',
] as const;

/** Where `npm run build:web` writes the web app, from this file in `src/` or in `dist/`. */
export const defaultWebRoot = (): string => fileURLToPath(new URL('../../../web/dist', import.meta.url));

const MISSING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>StreamPulse</title></head>
<body style="font-family:system-ui;padding:2rem"><h1>StreamPulse</h1>
<p>The web dashboard is not built. Run <code>npm run build:web</code> (or <code>npm run build</code>) and reload.</p>
<p>The API works meanwhile: <a href="/docs">/docs</a>.</p></body></html>`;

export interface WebRoutesOptions {
  /** The built web app (`web/dist`): `index.html`, `overlay.html` and `assets/`. */
  webRoot: string;
}

/**
 * Serves the built dashboard at `/` (and its pages), the OBS overlays at `/overlay/<kind>` (a
 * lighter entry of their own) and the hashed assets under `/assets/`. Unknown `/api/*` paths keep
 * the app's JSON 404. When the build is missing the server still starts and each page says how to
 * build it.
 */
export const webRoutes =
  ({ webRoot }: WebRoutesOptions): FastifyPluginAsync =>
  async (app) => {
    const isBuilt = existsSync(join(webRoot, 'index.html')) && existsSync(join(webRoot, 'overlay.html'));
    const sendPage = (reply: FastifyReply, file: 'index.html' | 'overlay.html'): FastifyReply => {
      // Pages name hashed assets: always revalidate them, so a new build is picked up at once.
      reply.header('cache-control', 'no-cache');
      if (!isBuilt) return reply.code(503).type('text/html; charset=utf-8').send(MISSING_PAGE);
      return reply.sendFile(file, webRoot, { cacheControl: false });
    };

    if (isBuilt) {
      await app.register(fastifyStatic, {
        root: join(webRoot, 'assets'),
        prefix: '/assets/',
        immutable: true,
        maxAge: '365d',
        index: false,
      });
    } else {
      app.log.warn({ webRoot }, 'web dashboard not built: run npm run build:web');
      // sendFile is only decorated by the static plugin; pages answer MISSING_PAGE instead.
    }

    for (const url of DASHBOARD_PATHS) {
      app.get(url, { config: { access: OPEN }, schema: { hide: true } }, (_req, reply) => sendPage(reply, 'index.html'));
    }
    app.get('/overlay/*', { config: { access: OPEN }, schema: { hide: true } }, (_req, reply) => sendPage(reply, 'overlay.html'));
  };
