import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { createLogin, type LoginHeaders } from '../../support/test-login.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

/** The request options of a logged-in user (none: the test app's admin). */
const as = (headers?: LoginHeaders) => (headers ? { headers: { ...headers } } : {});

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`who may create profiles (${engine})`, () => {
    let db: TestDatabase | undefined;
    beforeAll(async () => {
      db = engine === 'postgres' ? await createTestDatabase() : undefined;
    });
    afterAll(() => db?.drop());

    /** A server with the given profiles per user, and a logged-in user who is not an admin. */
    async function serverWith(perUser: string): Promise<{ t: TestApp; rita: LoginHeaders }> {
      await db?.reset();
      const t = await createTestApp({
        STREAMPULSE_PROFILES_PER_USER: perUser,
        ...(db ? { STREAMPULSE_DATABASE_URL: db.url } : {}),
      });
      return { t, rita: await createLogin(t.services.accounts, 'rita') };
    }
    const create = (t: TestApp, id: string, headers?: LoginHeaders) =>
      t.app.inject({
        method: 'POST',
        url: '/api/profiles',
        payload: { id, name: id },
        ...as(headers),
      });
    const memberships = async (t: TestApp, name: string) =>
      t.services.accounts.listMemberships((await t.services.accounts.findUser(name)).id);

    test('by default only admins create profiles: a user is refused with 403, and the admin becomes owner', async () => {
      const { t, rita } = await serverWith('0');
      try {
        const refused = await create(t, 'mine', rita);
        expect(refused.statusCode).toBe(403);
        expect(refused.json().error.code).toBe('ADMIN_REQUIRED');
        expect(await t.services.profiles.list()).toEqual([]);
        expect((await create(t, 'theirs')).statusCode).toBe(201);
        expect(await memberships(t, 'admin')).toEqual([
          { user_id: expect.any(String), profile: 'theirs', role: 'owner' },
        ]);
        expect(
          (await t.anonymous({ method: 'POST', url: '/api/profiles', payload: { id: 'x', name: 'x' } }))
            .statusCode,
        ).toBe(401);
      } finally {
        await t.close();
      }
    });

    test('with a quota a user creates profiles they own until they own that many, then gets 429 naming the limit', async () => {
      const { t, rita } = await serverWith('2');
      try {
        for (const id of ['one', 'two']) expect((await create(t, id, rita)).statusCode).toBe(201);
        expect((await memberships(t, 'rita')).map((m) => [m.profile, m.role])).toEqual([
          ['one', 'owner'],
          ['two', 'owner'],
        ]);
        // Hers to manage: she lists and changes them.
        const listed = (await t.app.inject({ url: '/api/profiles', headers: { ...rita } })).json().profiles;
        expect(listed.map((p: { id: string }) => p.id)).toEqual(['one', 'two']);
        expect((await t.app.inject({ url: '/api/profiles/one/keys', headers: { ...rita } })).statusCode).toBe(
          200,
        );

        const over = await create(t, 'three', rita);
        expect(over.statusCode).toBe(429);
        expect(over.headers['retry-after']).toBe('3600');
        expect(over.json().error).toMatchObject({ code: 'QUOTA_EXCEEDED' });
        expect(over.json().error.message).toContain('until they own 2');
        expect((await t.services.profiles.list()).map((p) => p.id)).toEqual(['one', 'two']);
        // Admins are not held to it.
        expect((await create(t, 'admins')).statusCode).toBe(201);

        // A profile she is only a viewer of does not count; one she deleted no longer does.
        await t.services.accounts.setRole(
          (await t.services.accounts.findUser('rita')).id,
          'admins',
          'viewer',
        );
        expect((await create(t, 'three', rita)).statusCode).toBe(429);
        expect(
          (await t.app.inject({ method: 'DELETE', url: '/api/profiles/one', headers: { ...rita } }))
            .statusCode,
        ).toBe(204);
        expect((await create(t, 'three', rita)).statusCode).toBe(201);
      } finally {
        await t.close();
      }
    });

    test('requests racing past the quota create no more than it allows', async () => {
      const { t, rita } = await serverWith('1');
      try {
        const answers = await Promise.all(['a', 'b', 'c'].map((id) => create(t, id, rita)));
        expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 429, 429]);
        expect(await t.services.profiles.list()).toHaveLength(1);
      } finally {
        await t.close();
      }
    });
  });
}
