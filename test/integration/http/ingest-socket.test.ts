import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from '../../../src/main.js';
import { api, createProfile, startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { createLogin, type LoginHeaders } from '../../support/test-login.js';

let server: RunningServer;
let temp: ReturnType<typeof makeTempDir>;
let key: string;
let wsUrl: string;

const at = Date.parse('2026-11-01T18:00:00Z');

beforeAll(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir);
  wsUrl = server.url.replace('http', 'ws') + '/ingest';
  await createProfile(server.url, 'ana', ['tt']);
  await createProfile(server.url, 'bo', ['tt']);
  const res = await api(server.url, 'POST', '/api/profiles/ana/ingest-keys', { name: 'obs plugin' });
  expect(res.status).toBe(201);
  key = ((await res.json()) as { key: string }).key;
});

afterAll(async () => {
  await server.close();
  temp.remove();
});

/** Opens a socket and collects its answers. */
async function open(
  headers: Record<string, string>,
  query = '',
): Promise<{ ws: WebSocket; answers: unknown[] }> {
  const ws = new WebSocket(wsUrl + query, { headers });
  const answers: unknown[] = [];
  ws.on('message', (data: Buffer) => answers.push(JSON.parse(data.toString('utf8'))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, answers };
}

async function waitFor(answers: unknown[], n: number): Promise<void> {
  await vi.waitFor(() => expect(answers.length).toBeGreaterThanOrEqual(n), { timeout: 5000, interval: 10 });
  expect(answers.length).toBe(n);
}

describe('the /ingest WebSocket', () => {
  test('stores events pushed with a profile key and acknowledges each message after commit', async () => {
    const { ws, answers } = await open({ authorization: `Bearer ${key}` });
    ws.send(JSON.stringify({ ref: 'a', events: [{ stream: 'tt', kind: 'like', at, count: 5, id: 'l1' }] }));
    ws.send(JSON.stringify([{ stream: 'tt', kind: 'gift', at: at + 1, count: 2, value: 10, id: 'g1' }]));
    ws.send(JSON.stringify({ ref: 7, events: [{ stream: 'tt', kind: 'like', at, count: 5, id: 'l1' }] }));
    await waitFor(answers, 3);
    expect(answers).toContainEqual({ type: 'ack', ref: 'a', stored: 1, duplicates: 0 });
    expect(answers).toContainEqual({ type: 'ack', ref: null, stored: 1, duplicates: 0 });
    expect(answers).toContainEqual({ type: 'ack', ref: 7, stored: 0, duplicates: 1 });
    ws.close();
    const stats = (await (await api(server.url, 'GET', '/api/profiles/ana/stats')).json()) as {
      combined: { likes: number; coins: number };
    };
    expect(stats.combined).toMatchObject({ likes: 5, coins: 10 });
    const other = (await (await api(server.url, 'GET', '/api/profiles/bo/stats')).json()) as {
      combined: { likes: number };
    };
    expect(other.combined.likes).toBe(0);
  });

  test('answers an invalid batch with every problem and stores none of it', async () => {
    const { ws, answers } = await open({}, `?key=${encodeURIComponent(key)}`);
    ws.send(
      JSON.stringify({
        ref: 'bad',
        events: [
          { stream: 'tt', kind: 'like', at, count: 1, id: 'ok-but-rejected' },
          { stream: 'tt', kind: 'nope', at },
          { stream: 'zz', kind: 'chat', at: 5 },
        ],
      }),
    );
    ws.send('not json');
    await waitFor(answers, 2);
    const bad = answers.find((a) => (a as { ref: unknown }).ref === 'bad') as {
      type: string;
      error: { code: string; details: { index: number; field: string }[] };
    };
    expect(bad.type).toBe('error');
    expect(bad.error.code).toBe('EVENT_INVALID');
    expect(bad.error.details.map((d) => `${d.index}:${d.field}`)).toEqual(
      expect.arrayContaining(['1:kind', '2:at', '2:text']),
    );
    expect(answers).toContainEqual({
      type: 'error',
      ref: null,
      error: { code: 'MESSAGE_INVALID', message: 'the message is not valid JSON' },
    });
    ws.close();
    const page = (await (await api(server.url, 'GET', '/api/profiles/ana/events?limit=100')).json()) as {
      events: { id?: string }[];
    };
    expect(page.events.map((e) => e.id)).not.toContain('ok-but-rejected');
  });

  test('refuses a connection without a valid key, and a revoked key', async () => {
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => undefined);
      });
    expect(await status({})).toBe(401);
    expect(await status({ authorization: 'Bearer spk_guess' })).toBe(401);
    const created = (await (
      await api(server.url, 'POST', '/api/profiles/ana/ingest-keys', { name: 'temporary' })
    ).json()) as { id: string; key: string; hint: string };
    expect(created.hint).toBe(created.key.slice(-4));
    expect(await status({ authorization: `Bearer ${created.key}` })).toBe(101);
    const listed = (await (await api(server.url, 'GET', '/api/profiles/ana/ingest-keys')).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(listed.keys.map((k) => k.name)).toEqual(['obs plugin', 'temporary']);
    expect(listed.keys.every((k) => !('key' in k) && !('hash' in k))).toBe(true);
    expect((await api(server.url, 'DELETE', `/api/profiles/ana/ingest-keys/${created.id}`)).status).toBe(204);
    expect(await status({ authorization: `Bearer ${created.key}` })).toBe(401);
  });

  test('leaves the Socket.IO live push working beside it', async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(200);
  });
});

/** Resolves with the close code and reason once the server closes `ws`. */
function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
  );
}

async function newKey(profile: string): Promise<{ id: string; key: string }> {
  const res = await api(server.url, 'POST', `/api/profiles/${profile}/ingest-keys`, { name: 'tool' });
  return (await res.json()) as { id: string; key: string };
}

describe('the /ingest WebSocket under hostile input', () => {
  test('closes the sockets of a revoked key within a second (1008), and leaves the others open', async () => {
    const doomed = await newKey('ana');
    const a = await open({ authorization: `Bearer ${doomed.key}` });
    const b = await open({ authorization: `Bearer ${doomed.key}` });
    const other = await open({ authorization: `Bearer ${key}` });
    const started = Date.now();
    const closes = Promise.all([closed(a.ws), closed(b.ws)]);
    expect((await api(server.url, 'DELETE', `/api/profiles/ana/ingest-keys/${doomed.id}`)).status).toBe(204);
    expect(await closes).toEqual([
      { code: 1008, reason: 'ingest key revoked' },
      { code: 1008, reason: 'ingest key revoked' },
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
    other.ws.send(
      JSON.stringify({ ref: 'still', events: [{ stream: 'tt', kind: 'like', at, id: 'still-1' }] }),
    );
    await waitFor(other.answers, 1);
    expect(other.answers[0]).toEqual({ type: 'ack', ref: 'still', stored: 1, duplicates: 0 });
    other.ws.close();
  });

  test('closes a socket within a second when another instance sharing the database revokes its key', async () => {
    const doomed = await newKey('ana');
    const { ws } = await open({ authorization: `Bearer ${doomed.key}` });
    const close = closed(ws);
    const started = Date.now();
    // What another instance's revocation leaves behind: the key gone from the shared store.
    expect(await server.services.engine.keys.deleteApiKey('ana', doomed.id)).toBe(true);
    expect(await close).toEqual({ code: 1008, reason: 'ingest key revoked' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('closes the sockets of a deleted profile (1008)', async () => {
    await createProfile(server.url, 'gone', ['tt']);
    const { key: goneKey } = await newKey('gone');
    const { ws } = await open({ authorization: `Bearer ${goneKey}` });
    const close = closed(ws);
    expect((await api(server.url, 'DELETE', '/api/profiles/gone')).status).toBe(204);
    expect(await close).toEqual({ code: 1008, reason: 'profile deleted' });
  });

  test('answers every hostile message, stores none of them and stays open', async () => {
    const { ws, answers } = await open({ authorization: `Bearer ${key}` });
    const deep = `{"ref":"deep","events":[{"stream":"tt","kind":"like","at":${at},"data":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`;
    ws.send(deep);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send(
      `{"ref":"proto","events":[{"stream":"tt","kind":"like","at":${at},"id":"p1","data":{"__proto__":{"x":1}}}]}`,
    );
    ws.send(JSON.stringify({ ref: 'empty', events: [] }));
    ws.send(JSON.stringify({ ref: 'x'.repeat(10_000), events: [] }));
    ws.send(JSON.stringify({ ref: 'at', events: [{ stream: 'tt', kind: 'like', at: '1', id: 'p2' }] }));
    await waitFor(answers, 6);
    const byRef = (ref: unknown) =>
      answers.find((a) => (a as { ref: unknown }).ref === ref) as {
        error: {
          code: string;
          message: string;
          details?: { index?: number; field: string }[];
          total?: number;
        };
      };
    const refused = answers.filter((a) => (a as { ref: unknown }).ref === null) as {
      error: { code: string; message: string };
    }[];
    expect(refused.map((a) => a.error.code)).toEqual([
      'MESSAGE_INVALID',
      'MESSAGE_INVALID',
      'MESSAGE_INVALID',
    ]);
    expect(refused.map((a) => a.error.message)).toEqual(
      expect.arrayContaining(['the message breaks a limit', 'send text frames holding JSON']),
    );
    expect(byRef('proto').error).toMatchObject({
      code: 'EVENT_INVALID',
      details: [{ index: 0, field: 'data.__proto__' }],
      total: 1,
    });
    expect(byRef('empty').error).toMatchObject({ code: 'EVENT_INVALID', details: [{ field: '(batch)' }] });
    expect(byRef('at').error).toMatchObject({ code: 'EVENT_INVALID', details: [{ index: 0, field: 'at' }] });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    const page = (await (await api(server.url, 'GET', '/api/profiles/ana/events?limit=1000')).json()) as {
      events: { id?: string }[];
    };
    expect(page.events.map((e) => e.id)).not.toContain('p1');
    expect(page.events.map((e) => e.id)).not.toContain('p2');
    ws.close();
  });

  test('answers each of a flood of 2,000 invalid messages', async () => {
    const { ws, answers } = await open({ authorization: `Bearer ${key}` });
    for (let i = 0; i < 2000; i++)
      ws.send(i % 2 ? '{' : JSON.stringify({ ref: i, events: [{ kind: 'nope' }] }));
    await waitFor(answers, 2000);
    expect(answers.every((a) => (a as { type: string }).type === 'error')).toBe(true);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  test('closes a socket whose text frame is not UTF-8 (1007), as the protocol requires', async () => {
    const { ws } = await open({ authorization: `Bearer ${key}` });
    const close = closed(ws);
    ws.send(Buffer.from([0x5b, 0xff, 0xfe, 0x5d]), { binary: false });
    expect((await close).code).toBe(1007);
  });
});

/** A user with `role` in profile ana, logged in: their cookie (the CSRF token is not needed to open /ingest). */
async function loginWithRole(name: string, role: 'viewer' | 'editor'): Promise<LoginHeaders> {
  const login = await createLogin(server.services.accounts, name);
  const user = await server.services.engine.accounts.findUserByName(name);
  await server.services.engine.accounts.setRole(user!.id, 'ana', role);
  return login;
}

/** Opens /ingest: 'open' (and closes it), or the status and error code it was refused with. */
function attempt(
  headers: Record<string, string>,
  query = '',
): Promise<'open' | { status: number; code: string }> {
  const ws = new WebSocket(wsUrl + query, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          code: (JSON.parse(body) as { error: { code: string } }).error.code,
        }),
      );
    });
    ws.once('error', reject);
  });
}

describe('the /ingest WebSocket with a login', () => {
  test("an editor's login opens it for the profile named in ?profile= and pushes to any of its streams", async () => {
    const editor = await loginWithRole('eddie', 'editor');
    const { ws, answers } = await open({ cookie: editor.cookie }, '?profile=ana');
    ws.send(
      JSON.stringify({ ref: 'ed', events: [{ stream: 'tt', kind: 'like', at, count: 3, id: 'ed-1' }] }),
    );
    await waitFor(answers, 1);
    expect(answers[0]).toEqual({ type: 'ack', ref: 'ed', stored: 1, duplicates: 0 });
    ws.close();
    const page = (await (await api(server.url, 'GET', '/api/profiles/ana/events?limit=1000')).json()) as {
      events: { id?: string; count?: number }[];
    };
    expect(page.events.find((e) => e.id === 'ed-1')).toMatchObject({ count: 3 });
  });

  test("refuses a viewer's login (403), no credentials (401), and a login naming no profile (400) or one it has no role in (404)", async () => {
    const viewer = await loginWithRole('vera', 'viewer');
    const editor = await loginWithRole('edna', 'editor');
    expect(await attempt({ cookie: viewer.cookie }, '?profile=ana')).toEqual({
      status: 403,
      code: 'ROLE_TOO_LOW',
    });
    expect(await attempt({}, '?profile=ana')).toEqual({ status: 401, code: 'LOGIN_REQUIRED' });
    expect(await attempt({ cookie: 'sp_session=sps_not-a-login' }, '?profile=ana')).toEqual({
      status: 401,
      code: 'LOGIN_REQUIRED',
    });
    expect(await attempt({ cookie: editor.cookie })).toEqual({ status: 400, code: 'PROFILE_REQUIRED' });
    expect(await attempt({ cookie: editor.cookie }, '?profile=bo')).toEqual({
      status: 404,
      code: 'PROFILE_NOT_FOUND',
    });
    expect(await attempt({ cookie: editor.cookie }, '?profile=ana')).toBe('open');
  });

  test('a key is held to its own profile whatever ?profile= names, and a key without the ingest scope is refused 403', async () => {
    expect(await attempt({ authorization: `Bearer ${key}` }, '?profile=bo')).toEqual({
      status: 404,
      code: 'PROFILE_NOT_FOUND',
    });
    const res = await api(server.url, 'POST', '/api/profiles/ana/keys', { name: 'reader', scopes: ['read'] });
    const reader = ((await res.json()) as { key: string }).key;
    expect(await attempt({ authorization: `Bearer ${reader}` })).toEqual({
      status: 403,
      code: 'KEY_SCOPE_MISSING',
    });
  });

  test('closes the socket of a login (1008) within a couple of seconds of its logout', async () => {
    const editor = await loginWithRole('eli', 'editor');
    const { ws } = await open({ cookie: editor.cookie }, '?profile=ana');
    const close = closed(ws);
    const started = Date.now();
    const out = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { ...editor } });
    expect(out.status).toBe(204);
    expect(await close).toEqual({ code: 1008, reason: 'login ended' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('closes the socket of a login (1008) when its role in the profile drops below editor', async () => {
    const editor = await loginWithRole('emma', 'editor');
    const { ws } = await open({ cookie: editor.cookie }, '?profile=ana');
    const close = closed(ws);
    const user = await server.services.engine.accounts.findUserByName('emma');
    await server.services.engine.accounts.setRole(user!.id, 'ana', 'viewer');
    expect(await close).toEqual({ code: 1008, reason: 'access ended: ROLE_TOO_LOW' });
  });
});
