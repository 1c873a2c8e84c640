import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

/** How long an audit entry may take to be written on a busy machine. */
const WAIT_FOR_RECORD = { timeout: 5000, interval: 50 };

let t: TestApp;
let cookie: string;
let csrf: string;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  t = await createTestApp();
  await t.services.accounts.createUser({ name: 'alice', password: PASSWORD, isAdmin: true });
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { name: 'alice', password: PASSWORD },
    remoteAddress: '10.9.0.1',
  });
  cookie = `sp_session=${login.cookies.find((c) => c.name === 'sp_session')!.value}`;
  csrf = login.json().csrf_token as string;
});
afterAll(() => t.close());

/** The trail as the API answers it (responses are `any` by nature; the assertions check them). */
interface Entry {
  action: string;
  actor: { kind: string; id: string | null; name: string | null };
  details: Record<string, unknown>;
}

async function trail(path = '/api/audit'): Promise<Entry[]> {
  return (await t.app.inject({ method: 'GET', url: path, headers: { cookie } })).json().entries;
}

test('changes are recorded with who, from where, the route, its parameters and body; pushes of events are not', async () => {
  const send = (
    method: 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      payload,
      headers: { cookie, 'x-csrf-token': csrf, ...headers },
      remoteAddress: '10.9.0.2',
    });
  expect((await send('POST', '/api/profiles', { id: 'aud', name: 'Audited' })).statusCode).toBe(201);
  expect(
    (await send('POST', '/api/profiles/aud/streams', { id: 'tt', platform: 'tiktok', channel: '@a' }))
      .statusCode,
  ).toBe(201);
  expect(
    (
      await send('POST', '/api/profiles/aud/events', [
        { stream: 'tt', kind: 'like', at: Date.now(), count: 1 },
      ])
    ).statusCode,
  ).toBe(200);
  const settings = await send('PUT', '/api/profiles/aud/settings/triggers', {
    webhook: { url: 'https://hooks.example.com/x', secret: 'do not keep me' },
  });
  expect(settings.statusCode).toBe(200);
  const entries = await vi.waitFor(async () => {
    const list = await trail('/api/profiles/aud/audit');
    expect(list).toHaveLength(2);
    return list;
  }, WAIT_FOR_RECORD);
  expect(entries.map((e) => e.action)).toEqual([
    'PUT /api/profiles/:profile/settings/triggers',
    'POST /api/profiles/:profile/streams',
  ]);
  expect(entries[0]).toMatchObject({
    actor: { kind: 'user', name: 'alice' },
    address: '10.9.0.2',
    profile: 'aud',
  });
  expect(JSON.stringify(entries)).not.toContain('do not keep me');
  expect(entries[0]!.details.body).toMatchObject({ webhook: { secret: '[redacted]' } });
  expect(entries[1]!.details).toEqual({
    params: { profile: 'aud' },
    body: { id: 'tt', platform: 'tiktok', channel: '@a' },
  });
  // Creating the profile is a server-wide change.
  const created = (await trail()).find((e) => e.action === 'POST /api/profiles');
  expect(created).toMatchObject({ profile: null, details: { body: { id: 'aud', name: 'Audited' } } });
});

test('a failed login is recorded with the name tried (never the password); a refused change is not', async () => {
  await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { name: 'mallory', password: 'guessing a password' },
    remoteAddress: '10.9.0.3',
    // Sent by someone with no login.
    headers: { cookie: '' },
  });
  const refused = await t.app.inject({
    method: 'POST',
    url: '/api/profiles',
    payload: { id: 'Bad Id', name: 'x' },
  });
  expect(refused.statusCode).toBe(400);
  const entries = await vi.waitFor(async () => {
    const list = await trail();
    expect(list[0]?.action).toBe('POST /api/auth/login');
    return list;
  }, WAIT_FOR_RECORD);
  expect(entries[0]).toMatchObject({
    actor: { kind: 'anonymous' },
    address: '10.9.0.3',
    status: 401,
    details: { body: { name: 'mallory', password: '[redacted]' } },
  });
  expect(entries.some((e) => JSON.stringify(e.details).includes('Bad Id'))).toBe(false);
});

test('an API key is named as such; a change without credentials is refused and not recorded', async () => {
  const key = (await t.services.apiKeys.create('aud', { name: 'bot', scopes: ['manage'] })).key;
  await t.app.inject({
    method: 'PUT',
    url: '/api/profiles/aud/settings/timezone',
    payload: { timezone: 'Europe/Berlin' },
    headers: { authorization: `Bearer ${key}` },
  });
  const anonymous = await t.anonymous({ method: 'POST', url: '/api/profiles/aud/stats/reset' });
  expect(anonymous.statusCode).toBe(401);
  const entries = await vi.waitFor(async () => {
    const list = await trail('/api/profiles/aud/audit');
    expect(list[0]?.action).toBe('PUT /api/profiles/:profile/settings/timezone');
    return list;
  }, WAIT_FOR_RECORD);
  expect(entries.some((e) => e.action.includes('stats/reset'))).toBe(false);
  expect(entries[0]).toMatchObject({
    action: 'PUT /api/profiles/:profile/settings/timezone',
    actor: { kind: 'key', name: 'bot' },
  });
});
