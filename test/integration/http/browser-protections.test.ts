import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

// createTestApp listens (in principle) on 127.0.0.1:5000: its pages' origin is http://127.0.0.1:5000.
const SAME_ORIGIN = 'http://127.0.0.1:5000';
const FOREIGN = 'https://evil.example';
const T = Date.UTC(2026, 0, 10, 18, 0, 0);

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await createProfileWithStream(t.app, 'show', { id: 'main', platform: 'custom', channel: 'main' });
  const pushed = await t.app.inject({
    method: 'POST',
    url: '/api/profiles/show/events',
    payload: [{ stream: 'main', kind: 'like', at: T, id: 'l1', user: { id: 'u1', name: 'ann' }, count: 7 }],
  });
  expect(pushed.statusCode).toBe(200);
});
afterAll(() => t.close());

const likes = async () =>
  (await t.app.inject({ method: 'GET', url: '/api/profiles/show/stats' })).json().combined.likes as number;

const resetStats = (headers: Record<string, string>, extra: Partial<InjectOptions> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/profiles/show/stats/reset', headers, ...extra });

const createProfile = (id: string, headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/api/profiles', payload: { id, name: id }, headers });

describe('Host (DNS rebinding)', () => {
  test('a request whose Host names another site is refused 421 HOST_NOT_ALLOWED, reads included', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await t.app.inject({
        method,
        url: '/api/profiles',
        headers: { host: 'rebind.evil.example:5000' },
      });
      expect(res.statusCode).toBe(421);
      expect(res.json().error).toEqual({
        code: 'HOST_NOT_ALLOWED',
        message: expect.stringContaining("'rebind.evil.example:5000'"),
      });
    }
    expect(
      (await t.app.inject({ method: 'GET', url: '/', headers: { host: 'evil.example' } })).statusCode,
    ).toBe(421);
  });

  test('loopback names and IP addresses are answered whatever the port', async () => {
    for (const host of [
      'localhost:80',
      '127.0.0.1:5000',
      '[::1]:5000',
      'app.localhost:5000',
      '192.168.1.20:5000',
    ]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/profiles', headers: { host } });
      expect(res.statusCode, host).toBe(200);
    }
  });

  test('a Host that is not a host name at all is refused', async () => {
    for (const host of ['evil.example/path', 'user@127.0.0.1', '127.0.0.1:5000:1']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/profiles', headers: { host } });
      expect(res.statusCode, host).toBe(421);
    }
  });
});

describe('Origin of requests that change things', () => {
  test('a body-less POST from another site (a "simple" request) is refused 403 and resets nothing', async () => {
    const before = await likes();
    expect(before).toBe(7);
    const res = await resetStats({ origin: FOREIGN });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toEqual({
      code: 'ORIGIN_NOT_ALLOWED',
      message: expect.stringContaining(`'${FOREIGN}'`),
    });
    expect(await likes()).toBe(before);
  });

  test('a form post and a JSON post from another site are refused before their body is read', async () => {
    const form = await resetStats(
      { origin: FOREIGN, 'content-type': 'application/x-www-form-urlencoded' },
      { payload: 'stream=main' },
    );
    expect(form.statusCode).toBe(403);
    const text = await resetStats({ origin: FOREIGN, 'content-type': 'text/plain' }, { payload: '{}' });
    expect(text.statusCode).toBe(403);
    const json = await createProfile('from-evil', { origin: FOREIGN });
    expect(json.statusCode).toBe(403);
    expect(json.json().error.code).toBe('ORIGIN_NOT_ALLOWED');
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: '/api/profiles/show',
      headers: { origin: FOREIGN },
    });
    expect(deleted.statusCode).toBe(403);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/profiles' })).json();
    expect(JSON.stringify(listed)).not.toContain('from-evil');
    expect(await likes()).toBe(7);
  });

  test('a cross-site request without Origin is refused on its Sec-Fetch-Site', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const res = await resetStats({ 'sec-fetch-site': site });
      expect(res.statusCode, site).toBe(403);
      expect(res.json().error.code).toBe('ORIGIN_NOT_ALLOWED');
    }
    expect(await likes()).toBe(7);
  });

  test('Origin null, and loopback pages of another port, are other origins', async () => {
    for (const origin of ['null', 'http://127.0.0.1:3000', 'http://localhost', 'https://127.0.0.1:5000']) {
      expect((await resetStats({ origin })).statusCode, origin).toBe(403);
    }
  });

  test("the server's own pages and clients without Origin (curl, bots, OBS) may change things", async () => {
    const allowed: Record<string, string>[] = [
      { origin: SAME_ORIGIN },
      { origin: 'http://localhost:5000' },
      { origin: 'http://[::1]:5000' },
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
      {},
    ];
    for (const [i, headers] of allowed.entries()) {
      const res = await createProfile(`allowed-${i}`, headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(201);
    }
    const reset = await resetStats(
      { origin: SAME_ORIGIN, 'content-type': 'application/json' },
      { payload: {} },
    );
    expect(reset.statusCode).toBe(200);
    expect(await likes()).toBe(0);
  });

  test('reads from another origin are answered, without CORS headers that would let its page see them', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/profiles', headers: { origin: FOREIGN } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('configured public origins', () => {
  let site: TestApp;
  beforeAll(async () => {
    site = await createTestApp({
      STREAMPULSE_PUBLIC_ORIGINS: 'https://stats.example.com, http://192.168.1.20:5000',
    });
  });
  afterAll(() => site.close());

  test('their hosts are answered and their pages may change things', async () => {
    const res = await site.app.inject({
      method: 'POST',
      url: '/api/profiles',
      payload: { id: 'proxied', name: 'Proxied' },
      headers: { host: 'stats.example.com', origin: 'https://stats.example.com' },
    });
    expect(res.statusCode).toBe(201);
    const lan = await site.app.inject({
      method: 'POST',
      url: '/api/profiles',
      payload: { id: 'lan', name: 'Lan' },
      headers: { host: '192.168.1.20:5000', origin: 'http://192.168.1.20:5000' },
    });
    expect(lan.statusCode).toBe(201);
  });

  test('other names and origins are still refused; on loopback, so are loopback pages of other ports', async () => {
    const host = await site.app.inject({
      method: 'GET',
      url: '/api/profiles',
      headers: { host: 'other.example.com' },
    });
    expect(host.statusCode).toBe(421);
    for (const origin of [
      'http://stats.example.com',
      'https://stats.example.com:8443',
      'http://127.0.0.1:3000',
    ]) {
      const res = await site.app.inject({
        method: 'DELETE',
        url: '/api/profiles/proxied',
        headers: { origin },
      });
      expect(res.statusCode, origin).toBe(403);
    }
    // Listening on loopback, the server's own loopback origin stays allowed alongside them.
    const own = await site.app.inject({
      method: 'DELETE',
      url: '/api/profiles/proxied',
      headers: { origin: SAME_ORIGIN },
    });
    expect(own.statusCode).toBe(204);
  });
});

describe('security headers', () => {
  test('every answer carries the content security policy and the other security headers', async () => {
    for (const url of ['/api/profiles', '/health', '/api/no-such-route']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = policy(res.headers['content-security-policy']);
      expect(csp, url).toMatchObject({
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'"],
        // Clip thumbnails come from Twitch's image hosts, and from nowhere else outside the server.
        'img-src': [
          "'self'",
          'data:',
          'https://clips-media-assets.twitch.tv',
          'https://clips-media-assets2.twitch.tv',
          'https://static-cdn.jtvnw.net',
        ],
        'object-src': ["'none'"],
        'frame-ancestors': ["'self'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
      });
      expect(csp['connect-src']).toEqual(["'self'", 'ws://localhost:80', 'wss://localhost:80']);
      // Plain HTTP on a LAN must keep working: nothing upgrades requests or pins HTTPS.
      expect(csp).not.toHaveProperty('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
    }
  });

  test('the live push of configured public origins may be reached over ws and wss', async () => {
    const site = await createTestApp({ STREAMPULSE_PUBLIC_ORIGINS: 'https://stats.example.com' });
    try {
      const res = await site.app.inject({
        method: 'GET',
        url: '/health',
        headers: { host: 'stats.example.com' },
      });
      expect(policy(res.headers['content-security-policy'])['connect-src']).toEqual([
        "'self'",
        'wss://stats.example.com',
        'ws://stats.example.com',
      ]);
    } finally {
      await site.close();
    }
  });

  test('refusals carry the security headers too', async () => {
    const res = await resetStats({ origin: FOREIGN });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  test('the API docs get a policy of their own that allows inline styles, and scripts from the server only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    const csp = policy(res.headers['content-security-policy']);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    // Swagger UI adds an inline <style>; the dashboard's policy keeps refusing them.
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
  });
});

/** A Content-Security-Policy header as directive -> sources. */
function policy(header: unknown): Record<string, string[]> {
  expect(typeof header).toBe('string');
  return Object.fromEntries(
    (header as string)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );
}
