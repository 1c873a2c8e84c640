import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { pino } from 'pino';
import { LeaseCoordinator, type StreamRef } from './lease-coordinator.js';
import { MemoryStreamLeases } from './memory-stream-leases.js';
import type { StreamLeases } from './stream-leases.js';

const log = pino({ level: 'silent' });
const refs = (...ids: string[]): StreamRef[] => ids.map((streamId) => ({ profile: 'p', streamId }));

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function coordinate(leases: StreamLeases, wanted: () => Promise<readonly StreamRef[]>) {
  const events: string[] = [];
  const coordinator = new LeaseCoordinator({
    leases,
    wanted,
    start: (s) => void events.push(`start ${s.streamId}`),
    stop: (s) => void events.push(`stop ${s.streamId}`),
    log,
  });
  return { coordinator, events };
}

test('alone, it starts every wanted stream and stops the ones no longer wanted', async () => {
  let wanted = refs('a', 'b');
  const { coordinator, events } = coordinate(new MemoryStreamLeases(), () => Promise.resolve(wanted));
  coordinator.start();
  await vi.advanceTimersByTimeAsync(0);
  expect(events).toEqual(['start a', 'start b']);
  wanted = refs('b', 'c');
  await vi.advanceTimersByTimeAsync(2000);
  expect(events).toEqual(['start a', 'start b', 'stop a', 'start c']);
  await coordinator.close();
  expect(events.slice(4).sort()).toEqual(['stop b', 'stop c']);
});

test('a stream another owner holds is not started until that lease expires', async () => {
  const table = new Map();
  await new MemoryStreamLeases('other', table).tryAcquire('p/a', 5000);
  const { coordinator, events } = coordinate(new MemoryStreamLeases('me', table), () =>
    Promise.resolve(refs('a')),
  );
  coordinator.start();
  await vi.advanceTimersByTimeAsync(4000);
  expect(events).toEqual([]);
  await vi.advanceTimersByTimeAsync(2000);
  expect(events).toEqual(['start a']);
  await coordinator.close();
});

test('when renewals fail it keeps the connector while the lease lasts, and stops it before it expires', async () => {
  const memory = new MemoryStreamLeases();
  let isDown = false;
  const leases: StreamLeases = {
    owner: memory.owner,
    tryAcquire: (k, ttl) => (isDown ? Promise.reject(new Error('down')) : memory.tryAcquire(k, ttl)),
    renew: (k, ttl) => (isDown ? Promise.reject(new Error('down')) : memory.renew(k, ttl)),
    release: (k) => memory.release(k),
    close: () => memory.close(),
  };
  const { coordinator, events } = coordinate(leases, () => Promise.resolve(refs('a')));
  coordinator.start();
  await vi.advanceTimersByTimeAsync(2000); // renewed at 2,000: sure until 8,000
  isDown = true;
  await vi.advanceTimersByTimeAsync(4900);
  expect(events).toEqual(['start a']);
  await vi.advanceTimersByTimeAsync(100); // 7,000 = 8,000 less the 1,000 ms guard
  expect(events).toEqual(['start a', 'stop a']);
  isDown = false;
  await vi.advanceTimersByTimeAsync(6000); // the old lease has expired: taken again
  expect(events).toEqual(['start a', 'stop a', 'start a']);
  await coordinator.close();
});

test('a start waits for the stop of the same stream', async () => {
  const table = new Map();
  const order: string[] = [];
  let finishStop: () => void = () => undefined;
  let stops = 0;
  const leases = new MemoryStreamLeases('me', table);
  const coordinator = new LeaseCoordinator({
    leases,
    wanted: () => Promise.resolve(refs('a')),
    start: () => void order.push('start'),
    stop: () =>
      // The first stop is slow; the one of `close` is not.
      new Promise<void>((resolve) => {
        if ((stops += 1) > 1) return resolve();
        order.push('stopping');
        finishStop = () => (order.push('stopped'), resolve());
      }),
    log,
  });
  await coordinator.reconcile();
  table.clear(); // the lease vanished (Redis restarted empty): the renewal finds no owner
  await coordinator.reconcile();
  await vi.advanceTimersByTimeAsync(10);
  expect(order).toEqual(['start', 'stopping']);
  finishStop();
  await coordinator.settled();
  expect(order).toEqual(['start', 'stopping', 'stopped', 'start']);
  await coordinator.close();
});

test('a guard that leaves no time for a renewal is refused', () => {
  const options = {
    leases: new MemoryStreamLeases(),
    wanted: () => Promise.resolve([]),
    start() {},
    stop() {},
    log,
  };
  expect(() => new LeaseCoordinator({ ...options, ttlMs: 3000, intervalMs: 2000, guardMs: 1000 })).toThrow(
    RangeError,
  );
});

test('shared out, each round tries only some of the free streams, so two instances split them', async () => {
  const table = new Map();
  const wanted = () => Promise.resolve(refs('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'));
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const make = (owner: string) => {
    const started: string[] = [];
    const coordinator = new LeaseCoordinator({
      leases: new MemoryStreamLeases(owner, table),
      wanted,
      start: (s) => void started.push(s.streamId),
      stop: () => undefined,
      log,
      takePerRound: (free) => Math.ceil(free / 2),
      random,
    });
    return { coordinator, started };
  };
  const one = make('one');
  const two = make('two');
  for (let round = 0; round < 4; round += 1) {
    await one.coordinator.reconcile();
    await two.coordinator.reconcile();
  }
  await Promise.all([one.coordinator.settled(), two.coordinator.settled()]);
  // The first round of the first instance took only half; the other got the rest.
  expect(one.started.length).toBeGreaterThanOrEqual(4);
  expect(two.started.length).toBeGreaterThan(0);
  expect([...one.started, ...two.started].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  await one.coordinator.close();
  await two.coordinator.close();
});
