import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { createProfile, eventually, recordAll, startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { createLogin, type LoginHeaders } from '../../support/test-login.js';

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let viewer: LoginHeaders;
let stranger: LoginHeaders;

beforeAll(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir);
  await createProfile(server.url, 'mine', ['s1']);
  await createProfile(server.url, 'other', ['s1']);
  const { accounts, engine } = server.services;
  viewer = await createLogin(accounts, 'viewer');
  stranger = await createLogin(accounts, 'stranger');
  await engine.accounts.setRole((await engine.accounts.findUserByName('viewer'))!.id, 'mine', 'viewer');
  await engine.accounts.setRole((await engine.accounts.findUserByName('stranger'))!.id, 'other', 'owner');
});
afterAll(async () => {
  await server.close();
  temp.remove();
});

/** A live client of `mine`, with the given token and headers. */
function client(options: { token?: unknown; cookie?: string } = {}): Socket {
  return io(server.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { profile: 'mine', ...(options.token === undefined ? {} : { token: options.token }) },
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
  });
}

/** The first `error` a client gets, or the first `stats` (let in). */
function outcome(socket: Socket): Promise<{ error: string } | 'admitted'> {
  return new Promise((resolve) => {
    socket.once('error', (e: { code: string }) => resolve({ error: e.code }));
    socket.once('stats', () => resolve('admitted'));
  });
}

const key = async (profile: string, scope: 'read' | 'ingest' | 'manage') =>
  (await server.services.apiKeys.create(profile, { name: scope, scopes: [scope] })).key;

describe('who may watch a profile live', () => {
  test('without credentials a client is told to log in and let go', async () => {
    const socket = client();
    expect(await outcome(socket)).toEqual({ error: 'LOGIN_REQUIRED' });
    await eventually(() => expect(socket.connected).toBe(false));
  });

  test("a user of another profile, or another profile's key, is told the profile does not exist", async () => {
    const byLogin = client({ cookie: stranger.cookie });
    expect(await outcome(byLogin)).toEqual({ error: 'PROFILE_NOT_FOUND' });
    const byKey = client({ token: await key('other', 'read') });
    expect(await outcome(byKey)).toEqual({ error: 'PROFILE_NOT_FOUND' });
  });

  test('an ingest-only key may not watch, a token that is not a string or not valid is refused', async () => {
    expect(await outcome(client({ token: await key('mine', 'ingest') }))).toEqual({
      error: 'KEY_SCOPE_MISSING',
    });
    expect(await outcome(client({ token: 42 }))).toEqual({ error: 'TOKEN_INVALID' });
    expect(await outcome(client({ token: 'spk_nothing' }))).toEqual({ error: 'TOKEN_INVALID' });
  });

  test('a viewer and a read key watch; revoking the key disconnects its client within two seconds', async () => {
    const byLogin = client({ cookie: viewer.cookie });
    expect(await outcome(byLogin)).toBe('admitted');
    const created = await server.services.apiKeys.create('mine', { name: 'widget', scopes: ['read'] });
    const byKey = client({ token: created.key });
    const seen = recordAll(byKey);
    expect(await outcome(byKey)).toBe('admitted');
    await server.services.apiKeys.revoke('mine', created.id);
    await eventually(() => expect(byKey.connected).toBe(false), 2000);
    expect(seen.get('error')).toEqual([expect.objectContaining({ code: 'TOKEN_INVALID' })]);
    expect(byLogin.connected).toBe(true);
    byLogin.close();
  });

  test("a login that ends, or a role that is taken away, disconnects the user's clients", async () => {
    const { accounts, engine } = server.services;
    const temporary = await createLogin(accounts, 'temporary');
    const id = (await engine.accounts.findUserByName('temporary'))!.id;
    await engine.accounts.setRole(id, 'mine', 'viewer');
    const socket = client({ cookie: temporary.cookie });
    expect(await outcome(socket)).toBe('admitted');
    await engine.accounts.setRole(id, 'mine', null);
    await eventually(() => expect(socket.connected).toBe(false), 2000);

    const again = await createLogin(accounts, 'leaving');
    await engine.accounts.setRole((await engine.accounts.findUserByName('leaving'))!.id, 'mine', 'viewer');
    const other = client({ cookie: again.cookie });
    expect(await outcome(other)).toBe('admitted');
    await accounts.logout(again.cookie.split('=')[1]!);
    await eventually(() => expect(other.connected).toBe(false), 2000);
  });
});
