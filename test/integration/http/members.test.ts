import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { createLogin, type LoginHeaders } from '../../support/test-login.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

/** The request options of a logged-in user (none: the test app's admin). */
const as = (headers?: LoginHeaders) => (headers ? { headers: { ...headers } } : {});

/** How long an audit entry may take to be written on a busy machine. */
const WAIT_FOR_RECORD = { timeout: 5000, interval: 50 };

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`members of a profile, as its owners manage them (${engine})`, () => {
    let t: TestApp;
    let db: TestDatabase | undefined;
    /** Owner of `show` (not an admin), and two users with no role yet. */
    let olga: LoginHeaders;
    let pete: LoginHeaders;
    let quinn: LoginHeaders;
    beforeAll(async () => {
      db = engine === 'postgres' ? await createTestDatabase() : undefined;
      t = await createTestApp(db ? { STREAMPULSE_DATABASE_URL: db.url } : {});
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/profiles', payload: { id: 'show', name: 'Show' } }))
          .statusCode,
      ).toBe(201);
      olga = await createLogin(t.services.accounts, 'olga');
      pete = await createLogin(t.services.accounts, 'pete');
      quinn = await createLogin(t.services.accounts, 'quinn');
      await t.services.members.set('show', 'olga', 'owner');
    });
    afterAll(async () => {
      await t.close();
      await db?.drop();
    });

    const members = async (headers?: LoginHeaders) =>
      (await t.app.inject({ url: '/api/profiles/show/members', ...as(headers) })).json().members as {
        user_id: string;
        name: string;
        role: string;
      }[];
    const setRole = (user: string, role: string, headers?: LoginHeaders, profile = 'show') =>
      t.app.inject({
        method: 'PUT',
        url: `/api/profiles/${profile}/members/${encodeURIComponent(user)}`,
        payload: { role },
        ...as(headers),
      });
    const remove = (user: string, headers?: LoginHeaders, profile = 'show') =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/profiles/${profile}/members/${encodeURIComponent(user)}`,
        ...as(headers),
      });
    const read = (headers: LoginHeaders) =>
      t.app.inject({ url: '/api/profiles/show/stats', headers: { ...headers } });

    test('the admin who created the profile is its owner; members are listed by name with their id and role', async () => {
      const list = await members();
      expect(list.map(({ name, role }) => ({ name, role }))).toEqual([
        { name: 'admin', role: 'owner' },
        { name: 'olga', role: 'owner' },
      ]);
      const admin = (await t.app.inject({ url: '/api/auth/me' })).json().user;
      expect(list[0]!.user_id).toBe(admin.id);
    });

    test('an owner gives a user a role by name in any case, changes it, and takes it away; the user feels each at their next request', async () => {
      expect((await read(pete)).statusCode).toBe(404);

      const given = await setRole('PETE', 'viewer', olga);
      expect(given.statusCode).toBe(200);
      expect(given.json()).toEqual({ user_id: expect.any(String), name: 'pete', role: 'viewer' });
      expect((await members(olga)).find((m) => m.name === 'pete')).toMatchObject({ role: 'viewer' });
      expect((await read(pete)).statusCode).toBe(200);
      const asViewer = await t.app.inject({
        method: 'PATCH',
        url: '/api/profiles/show',
        payload: { name: 'Renamed' },
        headers: { ...pete },
      });
      expect(asViewer.statusCode).toBe(403);
      expect(asViewer.json().error.code).toBe('ROLE_TOO_LOW');

      expect((await setRole('pete', 'editor', olga)).json()).toMatchObject({ role: 'editor' });
      const asEditor = await t.app.inject({
        method: 'PATCH',
        url: '/api/profiles/show',
        payload: { name: 'Renamed' },
        headers: { ...pete },
      });
      expect(asEditor.statusCode).toBe(200);

      expect((await remove('pete', olga)).statusCode).toBe(204);
      expect((await members(olga)).map((m) => m.name)).not.toContain('pete');
      const gone = await read(pete);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.code).toBe('PROFILE_NOT_FOUND');
    });

    test('an unknown user, an unknown profile and a user without a role are each told apart with 404', async () => {
      const nobody = await setRole('nobody', 'viewer', olga);
      expect(nobody.statusCode).toBe(404);
      expect(nobody.json().error.code).toBe('USER_NOT_FOUND');
      expect((await remove('nobody', olga)).json().error.code).toBe('USER_NOT_FOUND');
      const notMember = await remove('quinn', olga);
      expect(notMember.statusCode).toBe(404);
      expect(notMember.json().error.code).toBe('MEMBER_NOT_FOUND');
      // As an admin (an owner of every profile), a missing profile is missing.
      for (const res of [
        await setRole('quinn', 'viewer', undefined, 'no-such-profile'),
        await t.app.inject({ url: '/api/profiles/no-such-profile/members' }),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('PROFILE_NOT_FOUND');
      }
      const badRole = await setRole('quinn', 'superuser', olga);
      expect(badRole.statusCode).toBe(400);
      expect(badRole.json().error.details[0].field).toBe('body.role');
    });

    test('only owners manage members: an editor is refused with 403, a user with no role gets 404', async () => {
      await t.services.members.set('show', 'pete', 'editor');
      for (const res of [
        await t.app.inject({ url: '/api/profiles/show/members', headers: { ...pete } }),
        await setRole('quinn', 'owner', pete),
        await remove('olga', pete),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('ROLE_TOO_LOW');
      }
      const outsider = await setRole('quinn', 'owner', quinn);
      expect(outsider.statusCode).toBe(404);
      expect(outsider.json().error.code).toBe('PROFILE_NOT_FOUND');
      expect((await members()).map((m) => m.name)).not.toContain('quinn');
      await t.services.members.remove('show', 'pete');
    });

    test('the last owner can be neither removed nor made less than owner until another owner exists', async () => {
      expect((await t.services.members.list('show')).filter((m) => m.role === 'owner')).toHaveLength(2);
      expect((await remove('admin', olga)).statusCode).toBe(204);
      for (const res of [await setRole('olga', 'editor', olga), await remove('olga', olga)]) {
        expect(res.statusCode).toBe(409);
        expect(res.json().error.code).toBe('LAST_OWNER');
      }
      expect((await members(olga)).map(({ name, role }) => ({ name, role }))).toEqual([
        { name: 'olga', role: 'owner' },
      ]);
      expect((await setRole('quinn', 'owner', olga)).statusCode).toBe(200);
      expect((await setRole('olga', 'viewer', olga)).statusCode).toBe(200);
      // Olga is a viewer now: she reads the profile but no longer manages it.
      expect((await read(olga)).statusCode).toBe(200);
      expect(
        (await t.app.inject({ url: '/api/profiles/show/members', headers: { ...olga } })).statusCode,
      ).toBe(403);
      expect((await members(quinn)).map(({ name, role }) => ({ name, role }))).toEqual([
        { name: 'olga', role: 'viewer' },
        { name: 'quinn', role: 'owner' },
      ]);
    });

    test('a change of members is in the profile audit trail, naming the user', async () => {
      expect((await setRole('pete', 'viewer', quinn)).statusCode).toBe(200);
      // Recorded once answered: wait for it.
      const entry = await vi.waitFor(async () => {
        const entries = (await t.app.inject({ url: '/api/profiles/show/audit' })).json().entries as {
          action: string;
          actor: { name?: string } | null;
        }[];
        // This change's entry: earlier tests changed members of the same profile as other users,
        // and this one is recorded after the answer, so until then the list holds only theirs.
        const found = entries.find(
          (e) => e.action === 'PUT /api/profiles/:profile/members/:user' && e.actor?.name === 'quinn',
        );
        expect(found).toBeDefined();
        return found;
      }, WAIT_FOR_RECORD);
      expect(entry).toMatchObject({
        actor: { name: 'quinn' },
        profile: 'show',
        details: { params: { profile: 'show', user: 'pete' }, body: { role: 'viewer' } },
      });
    });
  });
}
