// OBS's health and the link's status reach the live clients of the linked profile, and only them:
// a real server, real Socket.IO clients with read keys, the real obs-websocket-js client against
// the loopback OBS.
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ObsWebSocketLink } from '../../../src/ingest/obs/obs-websocket-link.js';
import type { RunningServer } from '../../../src/main.js';
import { api, createProfile, eventually, recordAll, startLiveServer } from '../../support/live-server.js';
import { ObsWebSocketServer } from '../../support/obs-websocket-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let obs: ObsWebSocketServer;

beforeAll(async () => {
  temp = makeTempDir();
  obs = await ObsWebSocketServer.start();
  server = await startLiveServer(
    temp.dir,
    {},
    {
      print: () => undefined,
      createObsLink: (options) =>
        new ObsWebSocketLink({ ...options, intervalMs: 50, log: pino({ level: 'silent' }) }),
    },
  );
  await createProfile(server.url, 'linked', ['s1']);
  await createProfile(server.url, 'other', ['s1']);
});
afterAll(async () => {
  await server.close();
  await obs.close();
  temp.remove();
});

async function watch(profile: string): Promise<{ socket: Socket; seen: Map<string, unknown[]> }> {
  const { key } = await server.services.apiKeys.create(profile, { name: 'watch', scopes: ['read'] });
  const socket = io(server.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { profile, token: key, events: ['obs_health', 'obs_status'] },
  });
  const seen = recordAll(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, seen };
}

test("a linked profile's clients get OBS's status and health samples; another profile's get nothing", async () => {
  const linked = await watch('linked');
  const other = await watch('other');
  const put = await api(server.url, 'PUT', '/api/profiles/linked/obs', { address: obs.url });
  expect(put.status).toBe(200);
  await eventually(() =>
    expect(linked.seen.get('obs_status')).toContainEqual(
      expect.objectContaining({ profile: 'linked', state: 'connected' }),
    ),
  );
  obs.goLive();
  const clock = setInterval(() => obs.advance(0.5), 50);
  try {
    await eventually(() => expect((linked.seen.get('obs_health') ?? []).length).toBeGreaterThanOrEqual(3));
  } finally {
    clearInterval(clock);
  }
  const sample = (linked.seen.get('obs_health') ?? []).at(-1) as Record<string, unknown>;
  expect(sample).toMatchObject({
    profile: 'linked',
    fps: expect.any(Number),
    dropped_frames: expect.any(Number),
  });
  expect(sample.bitrate_kbps).toBeGreaterThan(0);
  expect(other.seen.get('obs_health')).toBeUndefined();
  expect(other.seen.get('obs_status')).toBeUndefined();
  linked.socket.close();
  other.socket.close();
});

test('a server started again links the profiles set up before to OBS by itself', async () => {
  await server.close();
  server = await startLiveServer(temp.dir, {}, { print: () => undefined });
  await eventually(async () => {
    const res = await api(server.url, 'GET', '/api/profiles/linked/obs');
    expect(((await res.json()) as { status: { state: string } }).status.state).toBe('connected');
  });
  const other = await api(server.url, 'GET', '/api/profiles/other/obs');
  expect(((await other.json()) as { status: { state: string } }).status.state).toBe('stopped');
});
