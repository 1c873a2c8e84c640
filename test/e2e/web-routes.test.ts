import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { beforeAll, describe, expect, test } from 'vitest';
import { webRoutes } from '../../src/http/routes/web.routes.js';
import { makeTempDir } from '../support/temp-dir.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

async function appOver(webRoot: string) {
  const app = Fastify();
  await app.register(webRoutes({ webRoot }));
  return app;
}

describe('web routes', () => {
  beforeAll(() => ensureWebBuilt(), 120_000);

  test('serve the dashboard on its pages and the overlay entry under /overlay', async () => {
    const app = await appOver(WEB_ROOT);
    for (const url of [
      '/',
      '/sessions',
      '/sessions/12?profile=a',
      '/settings',
      '/viewers/u%201',
      '/keys?profile=a',
      '/usage?profile=a',
      '/clips?profile=a',
      '/audit',
      '/users',
      '/account',
      '/login?next=%2Fgoals',
      '/setup',
    ]) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<div id="root">');
      expect(res.body, url).not.toContain('class="overlay"');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    const overlay = await app.inject('/overlay/counters?profile=a&font=40');
    expect(overlay.statusCode).toBe(200);
    expect(overlay.body).toContain('class="overlay"');
    await app.close();
  });

  test('serve hashed assets for a year and nothing outside them', async () => {
    const app = await appOver(WEB_ROOT);
    const asset = readdirSync(join(WEB_ROOT, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await app.inject(`/assets/${asset}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await app.inject('/assets/../index.html')).statusCode).not.toBe(200);
    expect((await app.inject('/nope')).statusCode).toBe(404);
    await app.close();
  });

  test('without a build the server still answers, saying how to build', async () => {
    const empty = makeTempDir();
    const app = await appOver(empty.dir);
    const res = await app.inject('/');
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    expect((await app.inject('/overlay/goal')).body).toContain('npm run build:web');
    await app.close();
    empty.remove();
  });
});
