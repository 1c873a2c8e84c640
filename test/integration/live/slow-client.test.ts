import { connect as connectTcp, createServer, type AddressInfo, type Socket as TcpSocket } from 'node:net';
import type { Socket as ServerSocket } from 'socket.io';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { api, connect, createProfile, eventually, startLiveServer } from '../../support/live-server.js';

const T = Date.now();
let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir, { STREAMPULSE_LIVE_WINDOW_MS: '10' });
  await createProfile(server.url, 'p', ['s']);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server.close();
  temp.remove();
});

interface StallingRelay {
  url: string;
  /** Stops reading from the server, as a client that stopped reading would. */
  stall(): void;
  resume(): void;
}

/** A loopback TCP relay to `target` whose reading from the server can be stopped. */
async function startStallingRelay(target: string): Promise<StallingRelay> {
  const { hostname, port } = new URL(target);
  const upstreams = new Set<TcpSocket>();
  let isStalled = false;
  const relay = createServer((downstream) => {
    const upstream = connectTcp(Number(port), hostname);
    upstreams.add(upstream);
    downstream.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!downstream.write(chunk)) upstream.pause();
    });
    downstream.on('drain', () => {
      if (!isStalled) upstream.resume();
    });
    for (const [from, to] of [
      [upstream, downstream],
      [downstream, upstream],
    ] as const) {
      from.on('close', () => to.destroy());
      from.on('error', () => from.destroy());
    }
    upstream.on('close', () => upstreams.delete(upstream));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const upstream of upstreams) upstream.destroy();
    await new Promise((resolve) => relay.close(resolve));
  });
  return {
    url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    stall() {
      isStalled = true;
      for (const upstream of upstreams) upstream.pause();
    },
    resume() {
      isStalled = false;
      for (const upstream of upstreams) upstream.resume();
    },
  };
}

/**
 * The most packets engine.io held for `socket` at once from now on, counted from its public
 * events: `packetCreate` for each packet queued, `flush` with those handed to the transport.
 */
function watchQueue(socket: ServerSocket): () => number {
  let queued = 0;
  let most = 0;
  socket.conn.on('packetCreate', () => (most = Math.max(most, ++queued)));
  socket.conn.on('flush', (buffer: readonly unknown[]) => (queued -= buffer.length));
  return () => most;
}

test('a stalled client does not make the server buffer without limit, and gets the latest state when it reads again', async () => {
  const relay = await startStallingRelay(server.url);
  const client = connect(relay.url, 'p', undefined, server.url);
  // A client that keeps reading: its pushes show when the server has handled each commit.
  const reader = connect(server.url, 'p');
  let latestLikes = -1;
  let readerLikes = -1;
  client.on('stats', (p: { combined: { likes: number } }) => (latestLikes = p.combined.likes));
  reader.on('stats', (p: { combined: { likes: number } }) => (readerLikes = p.combined.likes));
  await eventually(() => expect([latestLikes, readerLikes]).toEqual([0, 0]));
  const mostQueued = watchQueue(server.io.sockets.sockets.get(client.id!)!);

  // Stop reading: the TCP window fills and the server's writes to this client stall.
  relay.stall();
  const text = 'x'.repeat(2000);
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
    // Pushed to the reader: the stalled client was sent the same push, or skipped as slow.
    await eventually(() => expect(readerLikes).toBe(i + 1));
  }
  // About 6 MB of pushes were due, more than the TCP buffers hold, so the client's queue reached
  // the limit of 16 packets; past it the server kept no more than the one push under way.
  expect(mostQueued()).toBeGreaterThan(16);
  expect(mostQueued()).toBeLessThanOrEqual(16 + 3);

  relay.resume();
  await eventually(() => expect(latestLikes).toBe(60), 10_000);
  client.close();
  reader.close();
});
