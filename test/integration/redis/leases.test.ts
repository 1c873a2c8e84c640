import { Redis } from 'ioredis';
import { afterEach, expect, test } from 'vitest';
import { LeaseCoordinator, type StreamRef } from '../../../src/ingest/leases/lease-coordinator.js';
import { RedisStreamLeases } from '../../../src/ingest/leases/redis-stream-leases.js';
import type { StreamLeases } from '../../../src/ingest/leases/stream-leases.js';
import { eventually } from '../../support/live-server.js';
import {
  captureLogger,
  deleteKeys,
  startThrowawayRedis,
  TEST_REDIS_URL,
  uniquePrefix,
} from '../../support/redis.js';

const streams = (...ids: string[]): StreamRef[] => ids.map((streamId) => ({ profile: 'p', streamId }));

interface Instance {
  coordinator: LeaseCoordinator;
  leases: StreamLeases;
  /** Whether this instance's lease store answers; false = cut off (a dead or partitioned process). */
  isReachable: boolean;
  running: Set<string>;
  /** Rounds begun: each round asks for the wanted streams once. */
  rounds: number;
  starts: { stream: string; at: number }[];
  stops: { stream: string; at: number }[];
}

const prefix = uniquePrefix();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await deleteKeys(TEST_REDIS_URL, prefix);
});

/** A coordinator over real Redis leases; its store can be cut off to stand in for a dead instance. */
function startInstance(owner: string, wanted: () => StreamRef[], url = TEST_REDIS_URL): Instance {
  const redis = new RedisStreamLeases(url, { keyPrefix: prefix, owner });
  const instance: Instance = {
    coordinator: null as unknown as LeaseCoordinator,
    leases: redis,
    isReachable: true,
    running: new Set(),
    rounds: 0,
    starts: [],
    stops: [],
  };
  const cut = () => Promise.reject(new Error('cut off'));
  const leases: StreamLeases = {
    owner,
    tryAcquire: (k, ttl) => (instance.isReachable ? redis.tryAcquire(k, ttl) : cut()),
    renew: (k, ttl) => (instance.isReachable ? redis.renew(k, ttl) : cut()),
    release: (k) => (instance.isReachable ? redis.release(k) : cut()),
    close: () => redis.close(),
  };
  instance.coordinator = new LeaseCoordinator({
    leases,
    wanted: () => {
      instance.rounds += 1;
      return Promise.resolve(wanted());
    },
    start: (s) => {
      expect(instance.running.has(s.streamId)).toBe(false);
      instance.running.add(s.streamId);
      instance.starts.push({ stream: s.streamId, at: Date.now() });
    },
    stop: (s) => {
      instance.running.delete(s.streamId);
      instance.stops.push({ stream: s.streamId, at: Date.now() });
    },
    log: captureLogger('silent').logger,
  });
  instance.coordinator.start();
  cleanups.push(async () => {
    await instance.coordinator.close();
    await redis.close();
  });
  return instance;
}

/** Waits until `instance` has run `n` more whole rounds (the next one began) and what they started or stopped. */
async function afterRounds(instance: Instance, n: number): Promise<void> {
  const target = instance.rounds + n + 1;
  await eventually(() => expect(instance.rounds).toBeGreaterThanOrEqual(target), 15_000);
  await instance.coordinator.settled();
}

test('two instances on the same wanted streams start each stream exactly once', async () => {
  const wanted = streams('s1', 's2', 's3', 's4');
  const a = startInstance('a', () => wanted);
  const b = startInstance('b', () => wanted);
  await eventually(() => expect(a.running.size + b.running.size).toBe(4));
  // Three rounds each later (over 6 s, past what a lease lasts unrenewed) nothing moved:
  // renewals keep each stream where it is.
  await Promise.all([afterRounds(a, 3), afterRounds(b, 3)]);
  expect([...a.running, ...b.running].sort()).toEqual(['s1', 's2', 's3', 's4']);
  expect(a.starts.length + b.starts.length).toBe(4);
  expect(a.stops.length + b.stops.length).toBe(0);
});

test('when the holder stops renewing, the other instance takes its streams over within 10 s, after it stopped them', async () => {
  const wanted = streams('s1', 's2', 's3');
  const a = startInstance('a', () => wanted);
  await eventually(() => expect(a.running.size).toBe(3));
  const b = startInstance('b', () => wanted);
  await b.coordinator.reconcile();
  expect(b.running.size).toBe(0);

  const diedAt = Date.now();
  a.isReachable = false;
  await eventually(() => expect(b.running.size).toBe(3), 10_000);
  const takenOverIn = Math.max(...b.starts.map((s) => s.at)) - diedAt;
  expect(takenOverIn).toBeLessThan(10_000);
  // A could not renew, so it stopped each connector before its lease could pass to B.
  expect(a.running.size).toBe(0);
  for (const start of b.starts) {
    const stop = a.stops.find((s) => s.stream === start.stream);
    expect(stop?.at).toBeLessThan(start.at);
  }
});

test('a released lease is taken by the other instance on its next round', async () => {
  let aWants = streams('s1', 's2');
  const a = startInstance('a', () => aWants);
  await eventually(() => expect(a.running.size).toBe(2));
  const b = startInstance('b', () => streams('s1', 's2'));
  await b.coordinator.reconcile();
  expect(b.running.size).toBe(0);

  aWants = streams('s2');
  await a.coordinator.reconcile();
  await a.coordinator.settled();
  expect([...a.running]).toEqual(['s2']);
  await b.coordinator.reconcile();
  expect([...b.running]).toEqual(['s1']);

  await a.coordinator.close();
  await b.coordinator.reconcile();
  expect([...b.running].sort()).toEqual(['s1', 's2']);
});

test('an instance whose lease was taken by another owner stops that connector at once', async () => {
  const a = startInstance('a', () => streams('s1', 's2'));
  await eventually(() => expect(a.running.size).toBe(2));
  const redis = new Redis(TEST_REDIS_URL);
  cleanups.push(() => redis.quit().then(() => undefined));
  await redis.set(`${prefix}lease:p/s1`, 'intruder', 'PX', 60_000);

  await a.coordinator.reconcile();
  await a.coordinator.settled();
  expect([...a.running]).toEqual(['s2']);
  expect(a.stops.map((s) => s.stream)).toEqual(['s1']);
  // The intruder's lease is left alone, and A does not take it back while it lasts.
  await a.coordinator.reconcile();
  expect(await redis.get(`${prefix}lease:p/s1`)).toBe('intruder');
  expect(a.starts).toHaveLength(2);
});

test('closing releases every lease it holds', async () => {
  const a = startInstance('a', () => streams('s1', 's2'));
  await eventually(() => expect(a.running.size).toBe(2));
  const redis = new Redis(TEST_REDIS_URL);
  cleanups.push(() => redis.quit().then(() => undefined));
  expect(await redis.get(`${prefix}lease:p/s1`)).toBe('a');
  await a.coordinator.close();
  expect(a.running.size).toBe(0);
  expect(await redis.exists(`${prefix}lease:p/s1`, `${prefix}lease:p/s2`)).toBe(0);
});

test('when redis goes away the holder stops its connectors before their leases expire, and resumes when it is back', async () => {
  const server = await startThrowawayRedis();
  cleanups.push(() => server.kill());
  const a = startInstance('a', () => streams('s1'), server.url);
  await eventually(() => expect(a.running.size).toBe(1));
  await a.coordinator.reconcile();
  const lastRenewal = Date.now();

  await server.kill();
  // 6 s lease less the 1 s guard: stopped about 5 s after the last renewal, never after 6 s.
  await eventually(() => expect(a.running.size).toBe(0), 7000);
  expect(Date.now() - lastRenewal).toBeLessThan(6000);
  expect(Date.now() - lastRenewal).toBeGreaterThan(3000);

  await server.restart(); // empty: the old lease is gone with it
  await eventually(() => expect(a.running.size).toBe(1), 8000);
  expect(a.starts).toHaveLength(2);
});
