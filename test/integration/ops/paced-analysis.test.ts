import { pino } from 'pino';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { FinishedSessionAnalyzer } from '../../../src/analytics/drivers/finished-session-analyzer.js';
import type { LiveEvent } from '../../../src/core/live-event.js';
import type { LoadReading } from '../../../src/core/resource-readings.js';
import { LoadPace } from '../../../src/ops/load-pace.js';
import type { LoadProbe } from '../../../src/ops/load-probe.js';
import { ResourceMonitor } from '../../../src/ops/resource-monitor.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const T0 = Date.UTC(2026, 9, 1, 18, 0, 0);
const GB = 1024 ** 3;
const log = pino({ level: 'silent' });
let t: TestApp;

/** A probe whose CPU figure the test sets: the monitor's input, not a stand-in for the pace. */
function cpuProbe(): LoadProbe & { cpu: number } {
  return {
    cpu: 0,
    read(at): LoadReading {
      return {
        at,
        cpu: { systemPercent: this.cpu, processPercent: this.cpu, cores: 2, loadAverage: [0, 0, 0] },
        memory: {
          rssBytes: GB / 4,
          heapUsedBytes: GB / 10,
          heapLimitBytes: 2 * GB,
          systemFreeBytes: 4 * GB,
          systemTotalBytes: 8 * GB,
        },
        eventLoop: { delayP50Ms: 1, delayP99Ms: 2, delayMaxMs: 3, utilization: 0.1 },
      };
    },
    close() {},
  };
}

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'a', name: 'A' });
  await t.services.profiles.createStream('a', { id: 'tt', platform: 'tiktok', channel: '@a' });
  const minutes: LiveEvent[] = Array.from({ length: 30 }, (_, i) => ({
    stream: 'tt',
    kind: 'viewers',
    at: T0 + i * 60_000,
    count: 100 + i,
    value: 0,
  }));
  await t.services.pipeline.submit('a', [
    ...minutes,
    { stream: 'tt', kind: 'stream_end', at: T0 + 30 * 60_000, count: 1, value: 0 },
  ]);
});
afterAll(() => t.close());

test('the analysis of a finished session waits while the CPU is busy, and goes once it calms down', async () => {
  const probe = cpuProbe();
  const monitor = new ResourceMonitor({
    probe,
    measureStorage: () => t.services.engine.storageUsage(),
    retentionDays: () => Promise.resolve(90),
    intervalMs: 10_000,
    now: Date.now,
    log,
  });
  const pace = new LoadPace(monitor);
  const analyzer = new FinishedSessionAnalyzer(t.services.engine, t.services.drivers, log, pace);
  const store = await t.services.engine.openProfile('a');
  const [session] = await store.listSessions({ limit: 1 });

  probe.cpu = 100;
  monitor.readLoad();
  expect(pace.state()).toMatchObject({ delayMs: 5000, cause: 'cpu', reason: 'CPU at 100%' });
  const pass = analyzer.sweep();
  await vi.waitFor(() => expect(pace.state().waiting).toBe(1));
  // Waiting for its turn: nothing analysed yet.
  expect(await store.getSessionAnalysis(session!.id, 'drivers')).toBeNull();

  probe.cpu = 20;
  monitor.readLoad();
  expect(await pass).toBe(1);
  expect(await store.getSessionAnalysis(session!.id, 'drivers')).not.toBeNull();
  expect(pace.state()).toMatchObject({ delayMs: 0, waiting: 0, delayedSteps: 1, slowedSince: null });
  await monitor.close();
});

test('a stopped analyzer stops waiting for its turn', async () => {
  const probe = cpuProbe();
  const monitor = new ResourceMonitor({
    probe,
    measureStorage: () => t.services.engine.storageUsage(),
    retentionDays: () => Promise.resolve(90),
    intervalMs: 10_000,
    now: Date.now,
    log,
  });
  const pace = new LoadPace(monitor);
  probe.cpu = 100;
  monitor.readLoad();
  const aborted = new AbortController();
  const step = pace.nextStep(aborted.signal);
  expect(pace.state().waiting).toBe(1);
  aborted.abort(new Error('stopped'));
  await expect(step).rejects.toThrow('stopped');
  expect(pace.state().waiting).toBe(0);
  await monitor.close();
});
