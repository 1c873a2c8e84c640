import { afterEach, beforeEach, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { api, connect, createProfile, eventually, startLiveServer } from '../../support/live-server.js';

const T = Date.now();
let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;

beforeEach(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir, { STREAMPULSE_LIVE_WINDOW_MS: '10' });
  await createProfile(server.url, 'p', ['s']);
});
afterEach(async () => {
  await server.close();
  temp.remove();
});

/** Packets engine.io holds for the server side of every socket. */
function queuedOnServer(): number[] {
  return [...server.io.sockets.sockets.values()].map(
    (s) => (s.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length,
  );
}

test('a stalled client does not make the server buffer without limit, and gets the latest state when it reads again', async () => {
  const client = connect(server.url, 'p');
  let latestLikes = -1;
  client.on('stats', (p: { combined: { likes: number } }) => (latestLikes = p.combined.likes));
  await eventually(() => expect(latestLikes).toBe(0));

  // Stop reading: the TCP window fills and the server's writes to this client stall.
  const raw = (
    client.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }
  ).ws._socket;
  raw.pause();

  const text = 'x'.repeat(2000);
  let maxQueued = 0;
  for (let i = 0; i < 60; i++) {
    const batch = Array.from({ length: 50 }, (_, j) => ({
      stream: 's',
      kind: 'chat',
      at: T + i * 50 + j,
      text,
      user: { id: `${j}`, name: 'u' },
    }));
    batch.push({ stream: 's', kind: 'like', at: T + i * 50, count: 1 } as never);
    expect((await api(server.url, 'POST', '/api/profiles/p/events', batch)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 15));
    maxQueued = Math.max(maxQueued, ...queuedOnServer());
  }
  // About 6 MB of pushes were due; the server kept at most a handful of packets for this client.
  expect(maxQueued).toBeLessThanOrEqual(16 + 3);

  raw.resume();
  await eventually(() => expect(latestLikes).toBe(60), 10_000);
  client.close();
});
