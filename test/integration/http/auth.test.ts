import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  t = await createTestApp();
  await t.services.accounts.createUser({ name: 'alice', password: PASSWORD, isAdmin: true });
  await t.services.accounts.createUser({ name: 'bob', password: PASSWORD });
  await t.services.profiles.create({ id: 'show', name: 'Show' });
  await t.services.engine.accounts.setRole(
    (await t.services.engine.accounts.findUserByName('bob'))!.id,
    'show',
    'viewer',
  );
});
afterAll(() => t.close());

/** Logs in from `address`, answering the login cookie (`sp_session=...`) and the response. */
async function login(name: string, password = PASSWORD, address = '10.0.0.1', agent = 'Firefox on Linux') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { name, password },
    remoteAddress: address,
    headers: { 'user-agent': agent },
  });
  const cookie = res.cookies.find((c) => c.name === 'sp_session');
  const csrf = res.statusCode === 200 ? (res.json().csrf_token as string) : '';
  const header = cookie ? `sp_session=${cookie.value}` : '';
  // What a browser sends with a change: the cookie and the login's CSRF token.
  return { res, cookie: header, raw: cookie, headers: { cookie: header, 'x-csrf-token': csrf } };
}

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

test('a login sets an HttpOnly, SameSite=Lax cookie holding an opaque token, and /auth/me answers who it is', async () => {
  const { res, cookie, raw } = await login('ALICE');
  expect(res.statusCode).toBe(200);
  expect(raw).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  // Over plain HTTP the cookie cannot be Secure, or the browser would drop it.
  expect(raw?.secure).toBeUndefined();
  expect(raw?.maxAge).toBe(30 * 24 * 3600);
  expect(raw?.value).toMatch(/^sps_[\w-]{43}$/);
  expect(res.json()).toMatchObject({
    user: { name: 'alice', is_admin: true },
    session: { device: 'Firefox on Linux', address: '10.0.0.1', current: true },
  });
  expect(JSON.stringify(res.json())).not.toContain(raw!.value);
  const me = await get('/api/auth/me', cookie);
  expect(me.statusCode).toBe(200);
  expect(me.json()).toMatchObject({ user: { name: 'alice' }, memberships: [] });
  const bob = await login('bob');
  expect((await get('/api/auth/me', bob.cookie)).json().memberships).toEqual([
    { profile: 'show', role: 'viewer' },
  ]);
});

test('without a login, or with an unknown or ended one, the account routes answer 401', async () => {
  for (const cookie of ['', 'sp_session=sps_not-a-real-token', 'sp_session=garbage']) {
    const res = await get('/api/auth/me', cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('LOGIN_REQUIRED');
  }
  const { cookie } = await login('alice');
  const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
  expect(out.statusCode).toBe(204);
  expect(out.cookies.find((c) => c.name === 'sp_session')?.value).toBe('');
  expect((await get('/api/auth/me', cookie)).statusCode).toBe(401);
});

test('a wrong password and an unknown name get the same 401', async () => {
  const wrong = await login('alice', 'not the password', '10.0.0.2');
  const unknown = await login('mallory', PASSWORD, '10.0.0.2');
  expect(wrong.res.statusCode).toBe(401);
  expect(unknown.res.statusCode).toBe(401);
  expect(wrong.res.json()).toEqual(unknown.res.json());
  expect(wrong.cookie).toBe('');
});

test('logins are listed with device, address and last use, and one can end another', async () => {
  const laptop = await login('bob', PASSWORD, '10.0.0.3', 'Firefox on Linux');
  const phone = await login('bob', PASSWORD, '10.0.0.4', 'Safari on iPhone');
  const list = (await get('/api/auth/sessions', laptop.cookie)).json().sessions as {
    id: string;
    device: string;
    address: string;
    current: boolean;
  }[];
  const phoneSession = list.find((s) => s.device === 'Safari on iPhone')!;
  expect(phoneSession).toMatchObject({ address: '10.0.0.4', current: false });
  expect(list.filter((s) => s.current)).toHaveLength(1);
  const ended = await t.app.inject({
    method: 'DELETE',
    url: `/api/auth/sessions/${phoneSession.id}`,
    headers: laptop.headers,
  });
  expect(ended.statusCode).toBe(204);
  expect((await get('/api/auth/me', phone.cookie)).statusCode).toBe(401);
  expect((await get('/api/auth/me', laptop.cookie)).statusCode).toBe(200);
  // Someone else's session id is not found among yours.
  const alice = await login('alice', PASSWORD, '10.0.0.5');
  const aliceId = (await get('/api/auth/me', alice.cookie)).json().session.id as string;
  const foreign = await t.app.inject({
    method: 'DELETE',
    url: `/api/auth/sessions/${aliceId}`,
    headers: laptop.headers,
  });
  expect(foreign.statusCode).toBe(404);
  expect((await get('/api/auth/me', alice.cookie)).statusCode).toBe(200);
});

test('changing the password ends the other logins and keeps this one', async () => {
  await t.services.accounts.createUser({ name: 'carol', password: PASSWORD });
  const here = await login('carol', PASSWORD, '10.0.0.6');
  const there = await login('carol', PASSWORD, '10.0.0.7');
  const change = (current: string, next: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: here.headers,
      payload: { current_password: current, new_password: next },
    });
  expect((await change('wrong password', 'a brand new password')).json().error.code).toBe('PASSWORD_WRONG');
  expect((await change(PASSWORD, 'short')).json().error.details).toEqual([
    { field: 'new_password', message: 'must be 12-256 characters long' },
  ]);
  expect((await change(PASSWORD, 'a brand new password')).statusCode).toBe(204);
  expect((await get('/api/auth/me', here.cookie)).statusCode).toBe(200);
  expect((await get('/api/auth/me', there.cookie)).statusCode).toBe(401);
  expect((await login('carol', 'a brand new password', '10.0.0.8')).res.statusCode).toBe(200);
});

test('repeated attempts at one name, or from one address, get 429 with Retry-After', async () => {
  await t.services.accounts.createUser({ name: 'dave', password: PASSWORD });
  // One name from many addresses: five attempts a minute.
  const byName = [];
  for (let i = 0; i < 6; i++) byName.push((await login('dave', 'guess number ' + i, `10.1.0.${i}`)).res);
  expect(byName.slice(0, 5).map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
  expect(byName[5]!.statusCode).toBe(429);
  expect(byName[5]!.json().error.code).toBe('RATE_LIMITED');
  expect(Number(byName[5]!.headers['retry-after'])).toBeGreaterThan(0);
  // Even the right password waits now.
  expect((await login('dave', PASSWORD, '10.1.0.99')).res.statusCode).toBe(429);
  // Many names from one address: ten attempts a minute.
  const byAddress = [];
  for (let i = 0; i < 11; i++) byAddress.push((await login(`user${i}`, PASSWORD, '10.2.0.1')).res.statusCode);
  expect(byAddress.slice(0, 10).every((s) => s === 401)).toBe(true);
  expect(byAddress[10]).toBe(429);
});
