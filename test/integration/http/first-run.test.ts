import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
const printed: string[] = [];

beforeAll(async () => {
  temp = makeTempDir();
  server = await startLiveServer(
    temp.dir,
    { STREAMPULSE_DEMO: 'on' },
    { print: (text) => void printed.push(text) },
    { login: false },
  );
});
afterAll(async () => {
  await server.close();
  temp.remove();
});

const setup = (body: object, remoteAddress = '127.0.0.1') =>
  server.app.inject({ method: 'POST', url: '/api/setup', payload: body, remoteAddress });

test('a fresh install prints one link that creates the owner account once, from this machine, and logs in', async () => {
  expect(printed).toHaveLength(1);
  const port = new URL(server.url).port;
  const match = new RegExp(`http://127\\.0\\.0\\.1:${port}/setup#token=([\\w-]+)\\n`).exec(printed[0]!);
  expect(printed[0]).toContain('this link works once, from this machine, for 60 minutes');
  const token = match![1]!;
  // Until then the demo profile is nobody's to read.
  expect((await server.app.inject({ method: 'GET', url: '/api/profiles/demo/stats' })).statusCode).toBe(401);
  expect((await server.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: true });

  const elsewhere = await setup({ token, name: 'owner', password: 'a long enough password' }, '192.0.2.7');
  expect(elsewhere.statusCode).toBe(403);
  expect(elsewhere.json().error.code).toBe('SETUP_LOOPBACK_ONLY');
  expect(
    (await setup({ token: 'wrong', name: 'owner', password: 'a long enough password' })).json().error.code,
  ).toBe('SETUP_TOKEN_INVALID');
  // A refused password does not spend the link.
  expect((await setup({ token, name: 'owner', password: 'short' })).statusCode).toBe(400);

  const created = await setup({ token, name: 'owner', password: 'a long enough password' });
  expect(created.statusCode).toBe(201);
  expect(created.json()).toMatchObject({ user: { name: 'owner', is_admin: true } });
  const cookie = created.cookies.find((c) => c.name === 'sp_session')!;
  const me = await server.app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { cookie: `sp_session=${cookie.value}` },
  });
  expect(me.json()).toMatchObject({ user: { name: 'owner', is_admin: true } });
  // The demo profile, streaming meanwhile, is the owner's to see.
  const profiles = await server.app.inject({
    method: 'GET',
    url: '/api/profiles',
    headers: { cookie: `sp_session=${cookie.value}` },
  });
  expect(profiles.json().profiles.map((p: { id: string }) => p.id)).toContain('demo');
  const stats = await server.app.inject({
    method: 'GET',
    url: '/api/profiles/demo/stats',
    headers: { cookie: `sp_session=${cookie.value}` },
  });
  expect(stats.statusCode).toBe(200);

  const again = await setup({ token, name: 'second', password: 'a long enough password' });
  expect(again.statusCode).toBe(409);
  expect(again.json().error.code).toBe('SETUP_DONE');
  expect((await server.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: false });
});

test('once a user exists, a restart prints no link', async () => {
  const lines: string[] = [];
  await server.close();
  server = await startLiveServer(temp.dir, {}, { print: (text) => void lines.push(text) }, { login: false });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`Dashboard:  ${server.url}/`);
  expect(lines[0]).not.toContain('/setup');
});
