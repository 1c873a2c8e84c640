import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterEach, expect, test } from 'vitest';
import { RedisLiveLink } from '../../../src/live/redis/redis-live-link.js';
import { eventually } from '../../support/live-server.js';
import {
  captureLogger,
  startThrowawayRedis,
  TEST_REDIS_URL,
  uniquePrefix,
  type ThrowawayRedis,
} from '../../support/redis.js';

interface Instance {
  io: Server;
  http: HttpServer;
  url: string;
  link: RedisLiveLink;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A Socket.IO server on a loopback port whose clients join the room named in their handshake. */
async function startInstance(redisUrl: string, keyPrefix: string, log = captureLogger()): Promise<Instance> {
  const http = createServer();
  const io = new Server(http);
  const link = RedisLiveLink.attach(io, {
    url: redisUrl,
    keyPrefix,
    logger: log.logger,
    maxRetryDelayMs: 500,
  });
  io.on('connection', (socket) => {
    const room = (socket.handshake.auth as { room?: string }).room ?? 'none';
    void socket.join(room);
    socket.emit('joined', room);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  cleanups.push(async () => {
    await link.close();
    await io.close();
  });
  return { io, http, url, link };
}

/** A client in `room` that records the `update` payloads it receives. */
async function join(instance: Instance, room: string): Promise<{ socket: Socket; seen: unknown[] }> {
  const socket = connectClient(instance.url, { transports: ['websocket'], auth: { room }, forceNew: true });
  cleanups.push(() => Promise.resolve(void socket.disconnect()));
  const seen: unknown[] = [];
  socket.on('update', (payload: unknown) => seen.push(payload));
  await new Promise((resolve) => socket.once('joined', resolve));
  return { socket, seen };
}

test('an emit on one instance reaches the room’s clients on another, and no other room', async () => {
  const prefix = uniquePrefix();
  const a = await startInstance(TEST_REDIS_URL, prefix);
  const b = await startInstance(TEST_REDIS_URL, prefix);
  await eventually(() => expect([a.link.state, b.link.state]).toEqual(['shared', 'shared']));
  const x = await join(a, 'x');
  const y = await join(a, 'y');

  b.io.to('x').emit('update', { n: 1 });
  await eventually(() => expect(x.seen).toEqual([{ n: 1 }]));
  // The y client would have had it by now: the same channel carried x's.
  b.io.to('y').emit('update', { n: 2 });
  await eventually(() => expect(y.seen).toEqual([{ n: 2 }]));
  expect(x.seen).toEqual([{ n: 1 }]);
  expect(y.seen).toEqual([{ n: 2 }]);
});

test('instances on another prefix do not hear each other', async () => {
  const [ours, theirs] = [uniquePrefix(), uniquePrefix()];
  const a = await startInstance(TEST_REDIS_URL, ours);
  const a2 = await startInstance(TEST_REDIS_URL, ours);
  const b = await startInstance(TEST_REDIS_URL, theirs);
  const b2 = await startInstance(TEST_REDIS_URL, theirs);
  await eventually(() => expect([a, a2, b, b2].every((i) => i.link.state === 'shared')).toBe(true));
  const x = await join(a, 'x');
  const xOnB2 = await join(b2, 'x');
  b.io.to('x').emit('update', { from: 'b' });
  // Redis has passed b's emit on once b2's client has it.
  await eventually(() => expect(xOnB2.seen).toEqual([{ from: 'b' }]));
  // Redis delivers in order: had b's emit reached a, it would reach x before this later one.
  a2.io.to('x').emit('update', { from: 'a2' });
  await eventually(() => expect(x.seen).toEqual([{ from: 'a2' }]));
});

test('without redis an instance serves its own clients, warns once, and shares again when redis is back', async () => {
  const redis: ThrowawayRedis = await startThrowawayRedis();
  cleanups.push(() => redis.kill());
  const prefix = uniquePrefix();
  const logA = captureLogger();
  const a = await startInstance(redis.url, prefix, logA);
  const b = await startInstance(redis.url, prefix);
  await eventually(() => expect([a.link.state, b.link.state]).toEqual(['shared', 'shared']));
  const x = await join(a, 'x');
  const xOnB = await join(b, 'x');
  b.io.to('x').emit('update', 'before');
  await eventually(() => expect([x.seen, xOnB.seen]).toEqual([['before'], ['before']]));

  await redis.kill();
  await eventually(() => expect(a.link.state).toBe('local'));
  for (let i = 0; i < 20; i += 1) a.io.to('x').emit('update', i);
  await eventually(() => expect(x.seen).toHaveLength(21));
  expect(x.seen.slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  // Reconnection attempts go on meanwhile (each failed one is logged); the outage is still reported once.
  const attempts = logA.count('redis connection error');
  await eventually(() => expect(logA.count('redis connection error')).toBeGreaterThanOrEqual(attempts + 6));
  const warning = 'redis unreachable; live updates reach this instance’s clients only until it is back';
  expect(logA.count(warning)).toBe(1);
  expect(logA.entries.filter((e) => e.level === 40)).toHaveLength(1);

  const restartedAt = Date.now();
  await redis.restart();
  await eventually(() => expect([a.link.state, b.link.state]).toEqual(['shared', 'shared']), 10_000);
  // The state turns shared when both connections are ready; the resubscription follows at once.
  await eventually(() => {
    b.io.to('x').emit('update', 'after');
    expect(x.seen).toContain('after');
  }, 10_000);
  expect(Date.now() - restartedAt).toBeLessThan(10_000);
  // What A emitted while cut off was not queued and replayed to B's clients on reconnection.
  expect(xOnB.seen.filter((p) => typeof p === 'number')).toEqual([]);
  expect(logA.count('redis reachable again; live updates shared across instances')).toBe(1);
  expect(logA.count(warning)).toBe(1);
});
