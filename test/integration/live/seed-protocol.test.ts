import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeEach, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { api, createProfile, eventually, recordAll, startLiveServer } from '../../support/live-server.js';

const SEED_KEYS = ['chat_velocities', 'last_updated', 'recent_triggers', 'recording_status', 'viewer_counts'];
const T = Date.now();
const temp = makeTempDir();
let server: RunningServer;
/** A key with the read scope: what a client of the original dashboard now passes. */
let readKey: string;

beforeEach(async () => {
  server = await startLiveServer(temp.dir, { STREAMPULSE_DEFAULT_PROFILE: 'clipper' });
  await createProfile(server.url, 'clipper', ['xqc', 'shroud']);
  const res = await api(server.url, 'POST', '/api/profiles/clipper/keys', {
    name: 'dashboard',
    scopes: ['read'],
  });
  readKey = ((await res.json()) as { key: string }).key;
});

/** `GET /api/stats` as a script would fetch it (curl -H 'Authorization: Bearer ...'). */
const getStats = (query = '', key: string | null = readKey) =>
  fetch(`${server.url}/api/stats${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
afterEach(async () => {
  await server.close();
});
afterAll(() => temp.remove());

test("the original dashboard's client code works against the server, given a read key", async () => {
  // The client of the original document, verbatim but for the URL (io() there is same-origin) and
  // the key it now passes.
  const socket = io(server.url, { auth: { token: readKey } });
  const updates: Record<string, unknown>[] = [];
  socket.emit('request_stats');
  socket.on('stats_update', function (data: Record<string, unknown>) {
    updates.push(data);
  });

  await eventually(() => expect(updates.length).toBeGreaterThan(0));
  expect(Object.keys(updates[0]!).sort()).toEqual(SEED_KEYS);

  await api(server.url, 'POST', '/api/profiles/clipper/events', [
    { stream: 'xqc', kind: 'viewers', at: T, count: 45000 },
    { stream: 'shroud', kind: 'viewers', at: T, count: 32000 },
    ...Array.from({ length: 5 }, (_, i) => ({
      stream: 'xqc',
      kind: 'chat',
      at: T + i,
      text: 'W',
      user: { id: `${i}`, name: `u${i}` },
    })),
    { stream: 'xqc', kind: 'trigger', at: T + 10, data: { type: 'viewer_spike', details: { spike: 15000 } } },
  ]);
  await api(server.url, 'PUT', '/api/profiles/clipper/streams/xqc/recording', { recording: true });

  await eventually(() => {
    const last = updates.at(-1)!;
    expect(last.viewer_counts).toEqual({ xqc: 45000, shroud: 32000 });
    expect(last.chat_velocities).toEqual({ xqc: 5, shroud: 0 });
    expect(last.recording_status).toEqual({ xqc: true, shroud: false });
    expect(last.recent_triggers).toEqual([
      expect.objectContaining({ streamer: 'xqc', type: 'viewer_spike', details: { spike: 15000 } }),
    ]);
    expect(Number.isNaN(Date.parse(last.last_updated as string))).toBe(false);
  });

  const rest = (await (await getStats()).json()) as Record<string, unknown>;
  expect(Object.keys(rest).sort()).toEqual(SEED_KEYS);
  expect(rest.viewer_counts).toEqual({ xqc: 45000, shroud: 32000 });

  // A stream added later shows up at once, at zero.
  await api(server.url, 'POST', '/api/profiles/clipper/streams', {
    id: 'pokimane',
    platform: 'twitch',
    channel: '#pokimane',
  });
  await eventually(() =>
    expect(updates.at(-1)!.viewer_counts).toEqual({ xqc: 45000, shroud: 32000, pokimane: 0 }),
  );
  socket.close();
});

test('recent triggers survive a restart and stay the last 20', async () => {
  const triggers = Array.from({ length: 25 }, (_, i) => ({
    stream: 'xqc',
    kind: 'trigger',
    at: T + i,
    data: { type: `t${i}` },
  }));
  expect((await api(server.url, 'POST', '/api/profiles/clipper/events', triggers)).status).toBe(200);
  await server.close();
  server = await startLiveServer(temp.dir, { STREAMPULSE_DEFAULT_PROFILE: 'clipper' });
  const rest = (await (await getStats('?profile=clipper')).json()) as {
    recent_triggers: { type: string }[];
  };
  expect(rest.recent_triggers.map((t) => t.type)).toEqual(Array.from({ length: 20 }, (_, i) => `t${24 - i}`));
});

test('a client without credentials is told LOGIN_REQUIRED and disconnected; GET /api/stats answers it 401', async () => {
  const socket = io(server.url, { reconnection: false });
  const seen = recordAll(socket);
  const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
  expect(reason).toBe('io server disconnect');
  expect(seen.get('error')).toEqual([{ code: 'LOGIN_REQUIRED', message: expect.any(String) }]);
  expect(seen.has('stats_update')).toBe(false);
  socket.close();
  const res = await getStats('', null);
  expect(res.status).toBe(401);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('LOGIN_REQUIRED');
});
