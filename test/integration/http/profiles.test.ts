import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const post = (url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, payload: payload as object });

describe('profiles', () => {
  test('creates, lists, renames and deletes a profile, removing its database file', async () => {
    const created = await post('/api/profiles', { id: 'alice', name: 'Alice' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'alice', name: 'Alice' });
    const file = path.join(t.dataDir, 'profiles', 'alice.db');
    expect(existsSync(file)).toBe(true);

    expect(
      (await t.app.inject({ url: '/api/profiles' })).json().profiles.map((p: { id: string }) => p.id),
    ).toEqual(['alice']);
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: '/api/profiles/alice',
      payload: { name: 'Alice B' },
    });
    expect(renamed.json().name).toBe('Alice B');

    expect((await t.app.inject({ method: 'DELETE', url: '/api/profiles/alice' })).statusCode).toBe(204);
    expect(existsSync(file)).toBe(false);
    expect((await t.app.inject({ url: '/api/profiles/alice' })).statusCode).toBe(404);
  });

  test('refuses a duplicate id with 409', async () => {
    await post('/api/profiles', { id: 'alice', name: 'A' });
    const again = await post('/api/profiles', { id: 'alice', name: 'A' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PROFILE_EXISTS');
  });

  test.each([['../x'], ['a/b'], [''], ['x'.repeat(200)], ['A'], ['a\\b'], ['.hidden']])(
    'refuses the profile id %j with 400',
    async (id) => {
      const res = await post('/api/profiles', { id, name: 'n' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('body.id');
    },
  );

  test('refuses a path-escaping id in the URL with 400, not a lookup', async () => {
    for (const url of [
      '/api/profiles/..%2Fx/stats',
      '/api/profiles/a%2Fb',
      `/api/profiles/${'x'.repeat(200)}/events`,
    ]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  test('answers a path that does not decode with 400 in the error shape', async () => {
    for (const url of ['/api/profiles/%zz', '/api/profiles/%ED%A0%80/streams']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toEqual({
        error: { code: 'FST_ERR_BAD_URL', message: expect.stringContaining('not a valid url component') },
      });
    }
  });

  test('answers a path parameter over 1000 characters with 400 in the error shape, not a bare 414', async () => {
    const res = await t.app.inject({ url: `/api/profiles/${'x'.repeat(1001)}/streams` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('FST_ERR_MAX_PARAM_LENGTH');
    expect(Object.keys(res.json())).toEqual(['error']);
  });

  test('lists every problem of a bad body', async () => {
    const res = await post('/api/profiles', { id: '', extra: 1 });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.id', 'body.name']));
  });
});

describe('streams', () => {
  test('adds, changes, lists and removes streams of a profile', async () => {
    await post('/api/profiles', { id: 'alice', name: 'A' });
    const created = await post('/api/profiles/alice/streams', {
      id: 'tiktok-a',
      platform: 'tiktok',
      channel: '@alice',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'tiktok-a',
      platform: 'tiktok',
      channel: '@alice',
      enabled: false,
    });
    await post('/api/profiles/alice/streams', {
      id: 'twitch-a',
      platform: 'twitch',
      channel: '#alice',
      enabled: true,
    });
    const changed = await t.app.inject({
      method: 'PATCH',
      url: '/api/profiles/alice/streams/tiktok-a',
      payload: { enabled: true },
    });
    expect(changed.json().enabled).toBe(true);
    const list = (await t.app.inject({ url: '/api/profiles/alice/streams' })).json().streams;
    expect(list.map((s: { id: string }) => s.id)).toEqual(['tiktok-a', 'twitch-a']);
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/profiles/alice/streams/twitch-a' })).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: '/api/profiles/alice/streams/twitch-a' })).statusCode).toBe(404);
  });

  test('refuses an unknown platform and a stream of a missing profile', async () => {
    await post('/api/profiles', { id: 'alice', name: 'A' });
    const bad = await post('/api/profiles/alice/streams', { id: 's', platform: 'myspace', channel: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('body.platform');
    const missing = await post('/api/profiles/bob/streams', { id: 's', platform: 'tiktok', channel: 'x' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('text PostgreSQL cannot store', () => {
  test('refuses U+0000 in profile names, stream channels and ingest key names and ids with 400', async () => {
    expect(
      (await post('/api/profiles', { id: 'alice', name: 'A\u0000' })).json().error.details[0].field,
    ).toBe('body.name');
    await post('/api/profiles', { id: 'alice', name: 'A' });
    const rename = await t.app.inject({
      method: 'PATCH',
      url: '/api/profiles/alice',
      payload: { name: '\u0000' },
    });
    expect(rename.statusCode).toBe(400);
    const stream = await post('/api/profiles/alice/streams', {
      id: 's',
      platform: 'custom',
      channel: 'a\u0000b',
    });
    expect(stream.json().error.details[0].field).toBe('body.channel');
    const key = await post('/api/profiles/alice/ingest-keys', { name: 'obs\u0000' });
    expect(key.json().error.details[0].field).toBe('body.name');
    const revoke = await t.app.inject({ method: 'DELETE', url: '/api/profiles/alice/ingest-keys/k%00' });
    expect(revoke.json().error.details[0].field).toBe('params.id');
    expect((await t.app.inject({ url: '/api/profiles/alice' })).json().name).toBe('A');
  });
});

describe('health', () => {
  test('answers /health and /ready', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/ready' })).json()).toEqual({ status: 'ready' });
  });

  test('serves the API documentation at /docs', async () => {
    const res = await t.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/profiles/{profile}/events');
  });
});
