import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { AppError, UnavailableError } from '../../core/errors.js';
import type { LiveEvent } from '../../core/live-event.js';
import { DemoRunner, type EventSubmitter } from './demo-runner.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);

/** Records every submit; fails the calls whose 1-based number is in `failures`. */
class RecordingSubmitter implements EventSubmitter {
  readonly calls: { profile: string; events: readonly LiveEvent[] }[] = [];
  readonly failures = new Map<number, Error>();

  submit(profile: string, events: readonly LiveEvent[]): Promise<unknown> {
    this.calls.push({ profile, events });
    const failure = this.failures.get(this.calls.length);
    return failure ? Promise.reject(failure) : Promise.resolve({ stored: events.length, duplicates: 0 });
  }
}

function setup(submitter: RecordingSubmitter): { runner: DemoRunner; logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const runner = new DemoRunner({
    pipeline: submitter,
    profile: 'demo',
    streams: ['sim-a', 'sim-b'],
    seed: 7,
    tickMs: 1000,
    now: () => Date.now(),
    logger,
  });
  return { runner, logs };
}

describe('DemoRunner', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('submits the events of all its streams once per tick, in one call', async () => {
    const submitter = new RecordingSubmitter();
    const { runner } = setup(submitter);
    runner.start();
    expect(submitter.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(10_000);
    await runner.stop();
    expect(submitter.calls).toHaveLength(10);
    const all = submitter.calls.flatMap((c) => c.events);
    expect(submitter.calls.every((c) => c.profile === 'demo')).toBe(true);
    expect(new Set(all.map((e) => e.stream))).toEqual(new Set(['sim-a', 'sim-b']));
    expect(Math.max(...all.map((e) => e.at))).toBeLessThan(T0 + 10_000);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  test('logs a failed submit and goes on ticking', async () => {
    const submitter = new RecordingSubmitter();
    submitter.failures.set(2, new AppError('STORE_BROKEN', 'disk on fire'));
    const { runner, logs } = setup(submitter);
    runner.start();
    await vi.advanceTimersByTimeAsync(5000);
    await runner.stop();
    expect(submitter.calls).toHaveLength(5);
    const warnings = logs.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ module: 'ingest.simulator', err: { message: 'disk on fire' } });
    // The failed tick's events are dropped: the next submit holds only its own second.
    expect(submitter.calls[2]?.events.every((e) => e.at >= T0 + 2000)).toBe(true);
  });

  test('after INGEST_QUEUE_FULL waits retryAfterSeconds and resubmits the deferred events', async () => {
    const submitter = new RecordingSubmitter();
    submitter.failures.set(1, new UnavailableError('INGEST_QUEUE_FULL', 'full', 3));
    const { runner } = setup(submitter);
    runner.start();
    await vi.advanceTimersByTimeAsync(3999);
    expect(submitter.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await runner.stop();
    expect(submitter.calls).toHaveLength(2);
    const deferred = submitter.calls[0]?.events ?? [];
    expect(deferred.length).toBeGreaterThan(0);
    expect(submitter.calls[1]?.events.slice(0, deferred.length)).toEqual(deferred);
  });

  test('stops ticking after stop()', async () => {
    const submitter = new RecordingSubmitter();
    const { runner } = setup(submitter);
    runner.start();
    await vi.advanceTimersByTimeAsync(3000);
    await runner.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(submitter.calls).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });
});
