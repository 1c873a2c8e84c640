import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AccessRule } from '../../../src/accounts/access-rule.js';
import type { ProfileRole } from '../../../src/core/roles.js';
import { routeTable, type RouteAccess } from '../../../src/http/auth/access-control.js';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';
import { createLogin, type LoginHeaders } from '../../support/test-login.js';

/**
 * Every route of the app, read from Fastify's own route table, tried with credentials that must
 * not be enough: none, a user of another profile, a read-only key, a role too low, a login
 * without its CSRF token. A new route is covered the moment it is registered.
 */

let t: TestApp;
let table: readonly RouteAccess[];
const logins: Record<'viewer' | 'editor' | 'owner' | 'stranger', LoginHeaders> = {} as never;
const keys: Record<'read' | 'ingest' | 'manage' | 'otherRead' | 'metrics', string> = {} as never;

/** The routes open to anyone: nothing else may answer without credentials. */
const OPEN_ROUTES = [
  /^\/health$/,
  /^\/ready$/,
  /^\/api\/config$/,
  /^\/api\/auth\/login$/,
  /^\/api\/auth\/logout$/,
  /^\/api\/setup$/,
  // The dashboard's and the overlays' pages and files: data comes through the API.
  /^\/$/,
  /^\/[a-z-]+(\/:[a-z]+)?$/,
  /^\/overlay\/\*$/,
  /^\/assets\/\*$/,
  /^\/docs/,
];

beforeAll(async () => {
  t = await createTestApp();
  table = routeTable(t.app);
  await createProfileWithStream(t.app, 'mine', { id: 's1', platform: 'custom', channel: 's1' });
  await createProfileWithStream(t.app, 'other', { id: 's1', platform: 'custom', channel: 's1' });
  const member = async (name: keyof typeof logins, profile: string, role: ProfileRole) => {
    logins[name] = await createLogin(t.services.accounts, name);
    const user = (await t.services.engine.accounts.findUserByName(name))!;
    await t.services.engine.accounts.setRole(user.id, profile, role);
  };
  await member('viewer', 'mine', 'viewer');
  await member('editor', 'mine', 'editor');
  await member('owner', 'mine', 'owner');
  await member('stranger', 'other', 'owner');
  const key = async (profile: string, scope: 'read' | 'ingest' | 'manage') =>
    (await t.services.apiKeys.create(profile, { name: scope, scopes: [scope] })).key;
  keys.read = await key('mine', 'read');
  keys.ingest = await key('mine', 'ingest');
  keys.manage = await key('mine', 'manage');
  keys.otherRead = await key('other', 'read');
  keys.metrics = (
    await t.services.apiKeys.create('mine', { name: 'metrics', scopes: ['metrics'], byAdmin: true })
  ).key;
});
afterAll(() => t.close());

/** The route's URL with its parameters filled in: the profile `mine`, its stream, some id. */
function urlOf(route: RouteAccess): string {
  const query = route.access.kind === 'profile' && route.access.from === 'query' ? '?profile=mine' : '';
  return route.url
    .replace(':profile', 'mine')
    .replace(':stream', 's1')
    .replace(/:[a-zA-Z]+/g, '1')
    .replace('*', 'counters')
    .concat(query);
}

async function answer(route: RouteAccess, headers: Record<string, string>) {
  const request: InjectOptions = {
    method: route.method,
    url: urlOf(route),
    headers,
  };
  if (!['GET', 'HEAD', 'OPTIONS'].includes(route.method)) request.payload = {};
  const res = await t.anonymous(request);
  // A HEAD answer has no body: its code is the GET's.
  const get = route.method === 'HEAD' ? await t.anonymous({ ...request, method: 'GET' }) : res;
  const code = res.statusCode >= 400 ? get.json<{ error?: { code?: string } }>().error?.code : undefined;
  return { status: res.statusCode, code };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const isRefusal = (a: { status: number; code?: string }) =>
  a.status === 401 || a.status === 403 || a.code === 'PROFILE_NOT_FOUND';

/** The role a login needs below the rule's, or null when the lowest role is enough. */
function tooLow(rule: AccessRule): keyof typeof logins | null {
  if (rule.kind !== 'profile') return null;
  if (rule.role === 'owner') return 'editor';
  if (rule.role === 'editor') return 'viewer';
  return null;
}

describe('access to every route', () => {
  test('the route table holds every API route, each with a rule', () => {
    expect(table.length).toBeGreaterThan(60);
    for (const route of table) expect(route.access.kind, `${route.method} ${route.url}`).toBeDefined();
    expect(table.some((r) => r.url === '/api/profiles/:profile/events' && r.method === 'POST')).toBe(true);
  });

  test('the routes open without credentials are exactly the allow-list', () => {
    const open = table.filter((r) => r.access.kind === 'public');
    for (const route of open) {
      expect(
        OPEN_ROUTES.some((pattern) => pattern.test(route.url)),
        `${route.method} ${route.url} is open`,
      ).toBe(true);
      expect(route.url.startsWith('/api/profiles')).toBe(false);
    }
  });

  test('without credentials every other route answers 401', async () => {
    for (const route of table.filter((r) => r.access.kind !== 'public')) {
      const a = await answer(route, {});
      expect(a.status, `${route.method} ${route.url}`).toBe(401);
    }
  });

  test('a user of another profile is told the profile does not exist, and admin routes refuse them', async () => {
    // Open routes are left out: logging out would end the login the others use.
    for (const route of table.filter((r) => r.access.kind !== 'public')) {
      const a = await answer(route, { ...logins.stranger });
      const where = `${route.method} ${route.url}`;
      if (route.access.kind === 'profile')
        expect([a.status, a.code], where).toEqual([404, 'PROFILE_NOT_FOUND']);
      if (route.access.kind === 'admin' || route.access.kind === 'metrics')
        expect([a.status, a.code], where).toEqual([403, 'ADMIN_REQUIRED']);
    }
  });

  test('a metrics key reads the metrics and is refused everything else with 403; no other key reads them', async () => {
    const metricsRoutes = table.filter((r) => r.access.kind === 'metrics');
    expect(metricsRoutes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /metrics',
      'HEAD /metrics',
    ]);
    for (const route of table.filter((r) => r.access.kind !== 'public')) {
      const where = `${route.method} ${route.url}`;
      const a = await answer(route, bearer(keys.metrics));
      if (route.access.kind === 'metrics') expect(a.status, where).toBe(200);
      else expect(a.status, where).toBe(403);
    }
    for (const route of metricsRoutes) {
      for (const key of [keys.read, keys.manage, keys.ingest]) {
        const a = await answer(route, bearer(key));
        expect([a.status, a.code], `${route.method} ${route.url}`).toEqual([403, 'KEY_SCOPE_MISSING']);
      }
    }
  });

  test("another profile's key is told the profile does not exist", async () => {
    for (const route of table.filter((r) => r.access.kind === 'profile')) {
      const a = await answer(route, bearer(keys.otherRead));
      expect([a.status, a.code], `${route.method} ${route.url}`).toEqual([404, 'PROFILE_NOT_FOUND']);
    }
  });

  test('a read-only key reads, and is refused everything else with 403', async () => {
    for (const route of table.filter((r) => r.access.kind !== 'public')) {
      const a = await answer(route, bearer(keys.read));
      const where = `${route.method} ${route.url}`;
      const reads = route.access.kind === 'profile' && route.access.key === 'read';
      if (reads) expect(isRefusal(a), where).toBe(false);
      else expect(a.status, where).toBe(403);
    }
  });

  test('an ingest key pushes events and is refused the rest; a manage key cannot manage keys', async () => {
    for (const route of table.filter((r) => r.access.kind !== 'public' && r.method !== 'HEAD')) {
      const where = `${route.method} ${route.url}`;
      const pushes = route.access.kind === 'profile' && route.access.key === 'ingest';
      if (!pushes) expect((await answer(route, bearer(keys.ingest))).status, where).toBe(403);
      if (route.access.kind === 'profile' && route.access.role === 'owner') {
        expect((await answer(route, bearer(keys.manage))).status, where).toBe(403);
      }
    }
  });

  test('a role too low for a route is refused with 403 ROLE_TOO_LOW', async () => {
    for (const route of table) {
      const login = tooLow(route.access);
      if (!login) continue;
      const a = await answer(route, { ...logins[login] });
      expect([a.status, a.code], `${route.method} ${route.url} as ${login}`).toEqual([403, 'ROLE_TOO_LOW']);
    }
  });

  test('a change made with the login cookie but without its CSRF token is refused with 403', async () => {
    const changes = table.filter(
      (r) => r.access.kind !== 'public' && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method),
    );
    expect(changes.length).toBeGreaterThan(20);
    for (const route of changes) {
      const a = await answer(route, { cookie: logins.owner.cookie, 'x-csrf-token': 'forged' });
      // Admin routes refuse the owner before the token is looked at.
      const expected = route.access.kind === 'admin' ? 'ADMIN_REQUIRED' : 'CSRF_TOKEN_INVALID';
      expect([a.status, a.code], `${route.method} ${route.url}`).toEqual([403, expected]);
    }
  });

  test('the roles that are enough are let through', async () => {
    const reads = table.filter((r) => r.access.kind === 'profile' && r.access.role === 'viewer');
    for (const route of reads) {
      expect(isRefusal(await answer(route, { ...logins.viewer })), `${route.method} ${route.url}`).toBe(
        false,
      );
    }
    const renamed = await t.anonymous({
      method: 'PATCH',
      url: '/api/profiles/mine',
      headers: { ...logins.editor },
      payload: { name: 'Mine' },
    });
    expect(renamed.statusCode).toBe(200);
    const keysOfOwner = await t.anonymous({ url: '/api/profiles/mine/keys', headers: { ...logins.owner } });
    expect(keysOfOwner.statusCode).toBe(200);
  });

  test('the profile list shows a user only the profiles they have a role in; an admin sees all', async () => {
    const listed = async (headers: Record<string, string>) =>
      (await t.anonymous({ url: '/api/profiles', headers }))
        .json<{ profiles: { id: string }[] }>()
        .profiles.map((p) => p.id)
        .sort();
    expect(await listed({ ...logins.viewer })).toEqual(['mine']);
    expect(await listed({ ...logins.stranger })).toEqual(['other']);
    expect(await listed({ ...t.admin! })).toEqual(['mine', 'other']);
  });

  test('a key bound to a stream pushes that stream only', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/profiles/mine/streams',
      payload: { id: 's2', platform: 'custom', channel: 's2' },
    });
    const bound = await t.services.apiKeys.create('mine', { name: 'obs', scopes: ['ingest'], stream: 's1' });
    const push = (stream: string) =>
      t.anonymous({
        method: 'POST',
        url: '/api/profiles/mine/events',
        headers: bearer(bound.key),
        payload: [{ stream, kind: 'like', at: Date.now() }],
      });
    expect((await push('s1')).statusCode).toBe(200);
    expect((await push('s2')).statusCode).toBe(400);
  });

  test('a bearer token that is not valid is refused, even on a route that needs none to be read', async () => {
    const a = await t.anonymous({ url: '/api/profiles/mine/stats', headers: bearer('spk_not-a-key') });
    expect(a.statusCode).toBe(401);
    expect(a.json<{ error: { code: string } }>().error.code).toBe('TOKEN_INVALID');
  });
});
