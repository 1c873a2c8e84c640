import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { MAX_GOALS_PER_PROFILE } from '../../../src/profiles/goal.service.js';
import { goalInputSchema } from '../../../src/core/goal.js';
import { MAX_API_KEYS_PER_PROFILE } from '../../../src/profiles/api-key.service.js';

const LIMITS = { STREAMPULSE_MAX_PROFILES: '3', STREAMPULSE_MAX_STREAMS_PER_PROFILE: '2' };

/** The same requests on both engines: the answers must not depend on where the data lives. */
for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`resource limits and names (${engine})`, () => {
    let t: TestApp;
    let db: TestDatabase | undefined;
    beforeAll(async () => {
      db = engine === 'postgres' ? await createTestDatabase() : undefined;
      t = await createTestApp({ ...LIMITS, ...(db ? { STREAMPULSE_DATABASE_URL: db.url } : {}) });
    });
    afterAll(async () => {
      await t.close();
      await db?.drop();
    });
    const send = (method: 'POST' | 'PATCH', url: string, payload: object) =>
      t.app.inject({ method, url, payload });

    test('a profile or stream name holding NUL or another control character is refused with 400 naming the field', async () => {
      for (const name of ['a\u0000b', 'tab\there', 'line\nbreak', 'bell\u0007', 'c1\u0085', 'lone \ud800']) {
        const res = await send('POST', '/api/profiles', { id: 'bad', name });
        expect(res.statusCode, JSON.stringify(name)).toBe(400);
        expect(res.json()).toMatchObject({ error: { details: [{ field: 'body.name' }] } });
      }
      expect((await send('POST', '/api/profiles', { id: 'ok', name: 'Öl 🎮' })).statusCode).toBe(201);
      expect((await send('PATCH', '/api/profiles/ok', { name: 'x\u0000' })).statusCode).toBe(400);
      const stream = await send('POST', '/api/profiles/ok/streams', {
        id: 's',
        platform: 'tiktok',
        channel: '@a\u0000',
      });
      expect(stream.statusCode).toBe(400);
      expect(stream.json()).toMatchObject({ error: { details: [{ field: 'body.channel' }] } });
      expect(
        (await send('POST', '/api/profiles/ok/streams', { id: 's', platform: 'tiktok', channel: '@a' }))
          .statusCode,
      ).toBe(201);
      expect((await send('PATCH', '/api/profiles/ok/streams/s', { channel: '\u001b[31m' })).statusCode).toBe(
        400,
      );
      const profile = await t.app.inject({ method: 'GET', url: '/api/profiles/ok' });
      expect(profile.json()).toMatchObject({ name: 'Öl 🎮' });
      await expect(t.services.profiles.rename('ok', 'evil\u0000')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });

    test('creating more profiles or streams than the limits allow answers 409 and creates nothing', async () => {
      const existing = (await t.services.profiles.list()).length;
      for (let i = existing; i < 3; i++) {
        expect((await send('POST', '/api/profiles', { id: `p${i}`, name: `P${i}` })).statusCode).toBe(201);
      }
      const over = await send('POST', '/api/profiles', { id: 'one-more', name: 'One more' });
      expect(over.statusCode).toBe(409);
      expect(over.json()).toMatchObject({ error: { code: 'PROFILE_LIMIT_REACHED' } });
      expect((await t.services.profiles.list()).map((p) => p.id)).not.toContain('one-more');

      const profile = (await t.services.profiles.list())[0]!.id;
      const streams = (await t.services.profiles.listStreams(profile)).length;
      for (let i = streams; i < 2; i++) {
        const res = await send('POST', `/api/profiles/${profile}/streams`, {
          id: `s${i}`,
          platform: 'custom',
          channel: `c${i}`,
        });
        expect(res.statusCode).toBe(201);
      }
      const third = await send('POST', `/api/profiles/${profile}/streams`, {
        id: 'third',
        platform: 'custom',
        channel: 'x',
      });
      expect(third.statusCode).toBe(409);
      expect(third.json()).toMatchObject({ error: { code: 'STREAM_LIMIT_REACHED' } });
      expect(await t.services.profiles.listStreams(profile)).toHaveLength(2);
    });

    test(`a profile holds at most ${MAX_GOALS_PER_PROFILE} goals`, async () => {
      const profile = (await t.services.profiles.list())[0]!.id;
      const goal = { name: 'Likes', metric: 'likes', target: 100 };
      for (let i = (await t.services.goals.list(profile)).length; i < MAX_GOALS_PER_PROFILE; i++) {
        await t.services.goals.create(profile, goalInputSchema.parse({ ...goal, name: `Likes ${i}` }));
      }
      const res = await send('POST', `/api/profiles/${profile}/goals`, goal);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'GOAL_LIMIT_REACHED' } });
    });

    test(`a profile holds at most ${MAX_API_KEYS_PER_PROFILE} ingest keys`, async () => {
      const profile = (await t.services.profiles.list())[0]!.id;
      for (let i = (await t.services.apiKeys.list(profile)).length; i < MAX_API_KEYS_PER_PROFILE; i++) {
        await t.services.apiKeys.create(profile, { name: `bot ${i}`, scopes: ['ingest'] });
      }
      const res = await send('POST', `/api/profiles/${profile}/ingest-keys`, { name: 'one more' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'API_KEY_LIMIT_REACHED' } });
    });
  });
}
