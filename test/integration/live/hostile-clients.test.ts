import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from '../../../src/main.js';
import {
  MAX_CLIENT_PACKET_BYTES,
  REQUEST_STATS_BURST,
  REQUEST_STATS_PER_SECOND,
} from '../../../src/live/socket-gateway.js';
import { makeTempDir } from '../../support/temp-dir.js';
import {
  api,
  connect,
  createProfile,
  eventually,
  recordAll,
  startLiveServer,
} from '../../support/live-server.js';

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;

beforeAll(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir, { STREAMPULSE_DEFAULT_PROFILE: 'main' });
  await createProfile(server.url, 'main', ['s']);
});
afterAll(async () => {
  await server.close();
  temp.remove();
});

function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

async function healthAnswers(): Promise<number> {
  return (await fetch(`${server.url}/health`)).status;
}

/** A raw engine.io WebSocket speaking Socket.IO by hand, joined to the default namespace. */
async function rawClient(): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const closed = new Promise<number>((resolve) => ws.once('close', (code: number) => resolve(code)));
  const joined = new Promise<void>((resolve) =>
    ws.on('message', (data: Buffer) => {
      if (data.toString().startsWith('40{')) resolve();
    }),
  );
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send('40{"profile":"main"}');
  await joined;
  return { ws, closed };
}

describe('Socket.IO clients', () => {
  test('a handshake whose profile is not a string is refused, not given the default profile', async () => {
    for (const profile of [5, { id: 'main' }, ['main'], true, null]) {
      const socket = io(server.url, { transports: ['websocket'], auth: { profile }, forceNew: true });
      const seen = recordAll(socket);
      const gone = disconnected(socket);
      expect(await gone, JSON.stringify(profile)).toBe('io server disconnect');
      expect(seen.get('error'), JSON.stringify(profile)).toEqual([
        { code: 'PROFILE_INVALID', message: 'auth.profile must be a string (a profile id)' },
      ]);
      expect(seen.has('stats_update') || seen.has('stats')).toBe(false);
    }
  });

  test('2,000 request_stats in a burst are throttled, and /health answers while they arrive', async () => {
    const socket = connect(server.url, 'main', ['stats_update']);
    const seen = recordAll(socket);
    await eventually(() => expect(seen.get('stats_update')).toHaveLength(1));
    const started = performance.now();
    for (let i = 0; i < 2000; i++) socket.emit('request_stats');
    const health = healthAnswers();
    await eventually(() => expect(seen.get('error')).toBeDefined());
    expect(await health).toBe(200);
    // Packets are handled in order: once a later request is answered, the burst was handled.
    const before = seen.get('stats_update')!.length;
    await eventually(() => {
      socket.emit('request_stats');
      expect(seen.get('stats_update')!.length).toBeGreaterThan(before);
    }, 10_000);
    const seconds = (performance.now() - started) / 1000;
    const answers = seen.get('stats_update')!.length - 1;
    expect(answers).toBeGreaterThanOrEqual(REQUEST_STATS_BURST);
    expect(answers).toBeLessThanOrEqual(
      REQUEST_STATS_BURST + Math.ceil(seconds * REQUEST_STATS_PER_SECOND) + 1,
    );
    expect(seen.get('error')).toEqual([expect.objectContaining({ code: 'RATE_LIMITED' })]);
    socket.close();
  });

  test('unknown events with big payloads are ignored; a packet over the limit closes only that client', async () => {
    const socket = connect(server.url, 'main', ['stats_update']);
    const seen = recordAll(socket);
    await eventually(() => expect(seen.get('stats_update')).toHaveLength(1));
    socket.emit('drop_tables', 'x'.repeat(MAX_CLIENT_PACKET_BYTES - 100));
    socket.emit('request_stats', { deep: [[[[1]]]] }, Buffer.alloc(1000));
    await eventually(() => expect(seen.get('stats_update')).toHaveLength(2));
    const gone = disconnected(socket);
    socket.emit('drop_tables', 'x'.repeat(MAX_CLIENT_PACKET_BYTES * 2));
    expect(await gone).toBe('transport close');
    expect(await healthAnswers()).toBe(200);
  });

  test('packets nested 30,000 deep, with and without binary attachments, never take the server down', async () => {
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const plain = await rawClient();
    plain.ws.send(`42["request_stats",${deep}]`);
    plain.ws.send(`42["nope",${deep}]`);
    const binary = await rawClient();
    binary.ws.send(`451-["nope",${'['.repeat(30_000)}{"_placeholder":true,"num":0}${']'.repeat(30_000)}]`);
    binary.ws.send(Buffer.from([1, 2, 3]));
    await binary.closed;
    expect(await healthAnswers()).toBe(200);
    plain.ws.close();
    const res = await api(server.url, 'GET', '/api/profiles/main/events');
    expect(((await res.json()) as { events: unknown[] }).events).toEqual([]);
  });
});
