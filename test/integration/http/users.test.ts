import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { createLogin, loginHeaders, TEST_PASSWORD, type LoginHeaders } from '../../support/test-login.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const NEW_PASSWORD = 'a much longer new password';

/** The request options of a logged-in user (none: the test app's admin). */
const as = (headers?: LoginHeaders) => (headers ? { headers: { ...headers } } : {});

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`users, as server admins manage them (${engine})`, () => {
    let t: TestApp;
    let db: TestDatabase | undefined;
    beforeAll(async () => {
      db = engine === 'postgres' ? await createTestDatabase() : undefined;
      t = await createTestApp(db ? { STREAMPULSE_DATABASE_URL: db.url } : {});
      await t.services.profiles.create({ id: 'show', name: 'Show' });
    });
    afterAll(async () => {
      await t.close();
      await db?.drop();
    });

    const createUser = (payload: object, headers?: LoginHeaders) =>
      t.app.inject({ method: 'POST', url: '/api/users', payload, ...as(headers) });
    const patchUser = (id: string, payload: object, headers?: LoginHeaders) =>
      t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, payload, ...as(headers) });
    const listUsers = async () =>
      (await t.app.inject({ url: '/api/users' })).json().users as {
        id: string;
        name: string;
        is_admin: boolean;
        disabled: boolean;
        memberships: unknown[];
      }[];
    const userNamed = async (name: string) => (await listUsers()).find((u) => u.name === name)!;
    const whoAmI = async (headers: LoginHeaders) =>
      (await t.app.inject({ url: '/api/auth/me', headers: { ...headers } })).statusCode;
    const logIn = (name: string, password: string) =>
      t.anonymous({ method: 'POST', url: '/api/auth/login', payload: { name, password } });

    test('an admin creates a user who can log in, and sees every user with their roles; a name taken in another case is refused', async () => {
      const created = await createUser({ name: 'carol', password: TEST_PASSWORD });
      expect(created.statusCode).toBe(201);
      const carol = created.json();
      expect(carol).toEqual({
        id: expect.any(String),
        name: 'carol',
        is_admin: false,
        disabled: false,
        created_at: expect.any(Number),
        memberships: [],
      });
      expect(JSON.stringify(carol)).not.toContain('argon2');
      expect((await logIn('carol', TEST_PASSWORD)).statusCode).toBe(200);

      await t.services.accounts.setRole(carol.id, 'show', 'editor');
      const users = await listUsers();
      expect(users.map((u) => u.name)).toEqual(['admin', 'carol']);
      expect(users.find((u) => u.name === 'carol')).toMatchObject({
        memberships: [{ profile: 'show', role: 'editor' }],
      });
      // The admin created the profile through the service here, so is no member of it.
      expect(users.find((u) => u.name === 'admin')).toMatchObject({ is_admin: true, memberships: [] });

      const again = await createUser({ name: 'CAROL', password: TEST_PASSWORD });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('USER_EXISTS');
      const bad = await createUser({ name: 'two words', password: 'short' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details).toEqual([{ field: 'name', message: 'must not contain spaces' }]);
      expect((await listUsers()).map((u) => u.name)).toEqual(['admin', 'carol']);
    });

    test('a new admin created as such may manage users at once', async () => {
      const created = await createUser({ name: 'dora', password: TEST_PASSWORD, is_admin: true });
      expect(created.json()).toMatchObject({ name: 'dora', is_admin: true });
      const dora = await loginHeaders(t.services.accounts, 'dora');
      expect((await t.app.inject({ url: '/api/users', headers: { ...dora } })).statusCode).toBe(200);
    });

    test('disabling a user ends their logins and refuses new ones; enabled again, they log in', async () => {
      const erin = await createLogin(t.services.accounts, 'erin');
      const id = (await userNamed('erin')).id;
      expect(await whoAmI(erin)).toBe(200);

      const disabled = await patchUser(id, { disabled: true });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json()).toMatchObject({ name: 'erin', disabled: true });
      expect(await whoAmI(erin)).toBe(401);
      expect(await t.services.accounts.listSessions(id)).toEqual([]);
      expect((await logIn('erin', TEST_PASSWORD)).statusCode).toBe(401);

      expect((await patchUser(id, { disabled: false })).json()).toMatchObject({ disabled: false });
      expect((await logIn('erin', TEST_PASSWORD)).statusCode).toBe(200);
    });

    test("a password set by an admin ends the user's logins and replaces the old one; kept out of the audit trail", async () => {
      const fred = await createLogin(t.services.accounts, 'fred');
      const id = (await userNamed('fred')).id;
      const short = await patchUser(id, { password: 'short' });
      expect(short.statusCode).toBe(400);
      expect(short.json().error.details).toEqual([
        { field: 'password', message: 'must be 12-256 characters long' },
      ]);
      expect(await whoAmI(fred)).toBe(200);

      expect((await patchUser(id, { password: NEW_PASSWORD })).statusCode).toBe(200);
      expect(await whoAmI(fred)).toBe(401);
      expect((await logIn('fred', TEST_PASSWORD)).statusCode).toBe(401);
      expect((await logIn('fred', NEW_PASSWORD)).statusCode).toBe(200);

      const entry = await vi.waitFor(async () => {
        const entries = (await t.app.inject({ url: '/api/audit' })).json().entries as {
          action: string;
          details: { params: { id: string }; body: Record<string, unknown> };
        }[];
        const found = entries.find((e) => e.action === 'PATCH /api/users/:id' && e.details.params.id === id);
        expect(found).toBeDefined();
        return found!;
      });
      expect(entry.details.body).toEqual({ password: '[redacted]' });
    });

    test('an admin setting their own password keeps the login they set it with and ends their others', async () => {
      await createLogin(t.services.accounts, 'gwen', { isAdmin: true });
      const elsewhere = await loginHeaders(t.services.accounts, 'gwen');
      const here = await loginHeaders(t.services.accounts, 'gwen');
      const id = (await userNamed('gwen')).id;
      expect((await patchUser(id, { password: NEW_PASSWORD }, here)).statusCode).toBe(200);
      expect(await whoAmI(here)).toBe(200);
      expect(await whoAmI(elsewhere)).toBe(401);
    });

    test('an admin may neither disable nor demote themselves; another admin may', async () => {
      const hal = await createLogin(t.services.accounts, 'hal', { isAdmin: true });
      const id = (await userNamed('hal')).id;
      const disable = await patchUser(id, { disabled: true }, hal);
      expect(disable.statusCode).toBe(409);
      expect(disable.json().error.code).toBe('CANNOT_DISABLE_SELF');
      const demote = await patchUser(id, { is_admin: false, password: NEW_PASSWORD }, hal);
      expect(demote.statusCode).toBe(409);
      expect(demote.json().error.code).toBe('CANNOT_DEMOTE_SELF');
      // Refused as a whole: the password in the same request was not set.
      expect((await logIn('hal', TEST_PASSWORD)).statusCode).toBe(200);
      expect(await userNamed('hal')).toMatchObject({ is_admin: true, disabled: false });

      const demoted = await patchUser(id, { is_admin: false });
      expect(demoted.statusCode).toBe(200);
      expect(demoted.json()).toMatchObject({ is_admin: false });
      // Roles are read per request: the demoted admin's login no longer reaches the users.
      const refused = await t.app.inject({ url: '/api/users', headers: { ...hal } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('ADMIN_REQUIRED');
    });

    test('no change leaves the server without an enabled admin, even two admins demoting each other at once', async () => {
      // Only `admin` and `ivan` are enabled admins from here on.
      for (const name of ['dora', 'gwen']) {
        await patchUser((await userNamed(name)).id, { is_admin: false });
      }
      const ivan = await createLogin(t.services.accounts, 'ivan', { isAdmin: true });
      const admin = t.admin!;
      const [adminId, ivanId] = [(await userNamed('admin')).id, (await userNamed('ivan')).id];
      const answers = await Promise.all([
        patchUser(ivanId, { is_admin: false }, admin),
        patchUser(adminId, { is_admin: false }, ivan),
      ]);
      const outcomes = answers.map(
        (a) => `${a.statusCode} ${a.statusCode === 200 ? '' : a.json().error.code}`,
      );
      expect(outcomes.filter((o) => o.startsWith('200'))).toHaveLength(1);
      // The loser was refused either at the door (no longer an admin) or by the last-admin check.
      expect(['403 ADMIN_REQUIRED', '409 LAST_ADMIN']).toContain(outcomes.find((o) => !o.startsWith('200')));
      const admins = (await t.services.users.list()).filter((u) => u.is_admin && !u.disabled);
      expect(admins).toHaveLength(1);

      // An admin whose rights went while their request waited is held to the same rule.
      const last = admins[0]!;
      const carol = (await t.services.users.list()).find((u) => u.name === 'carol')!;
      const formerAdmin = { user: { ...carol, is_admin: true }, session: { id: 'elsewhere' } } as const;
      for (const change of [{ disabled: true }, { isAdmin: false }]) {
        await expect(t.services.users.update(formerAdmin as never, last.id, change)).rejects.toMatchObject({
          code: 'LAST_ADMIN',
        });
      }
      // Read through the service: the admin of the test app may be the one that lost its rights.
      const kept = (await t.services.users.list()).find((u) => u.id === last.id);
      expect(kept).toMatchObject({ is_admin: true, disabled: false });
      // Put back for the tests that follow.
      await t.services.accounts.updateUser(adminId, { isAdmin: true });
    });

    test('an unknown user is 404; a body with an unknown field is 400', async () => {
      const unknown = await patchUser('no-such-user', { disabled: true });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('USER_NOT_FOUND');
      const extra = await patchUser((await userNamed('carol')).id, { name: 'renamed' });
      expect(extra.statusCode).toBe(400);
    });

    test('a user who is not an admin may not list, create or change users', async () => {
      const judy = await createLogin(t.services.accounts, 'judy');
      const id = (await userNamed('judy')).id;
      for (const res of [
        await t.app.inject({ url: '/api/users', headers: { ...judy } }),
        await createUser({ name: 'sneaky', password: TEST_PASSWORD, is_admin: true }, judy),
        await patchUser(id, { is_admin: true }, judy),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('ADMIN_REQUIRED');
      }
      expect((await t.anonymous({ url: '/api/users' })).statusCode).toBe(401);
      expect((await listUsers()).map((u) => u.name)).not.toContain('sneaky');
      expect(await userNamed('judy')).toMatchObject({ is_admin: false });
    });
  });
}
