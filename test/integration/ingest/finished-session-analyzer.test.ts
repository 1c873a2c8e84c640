import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FinishedSessionAnalyzer } from '../../../src/analytics/drivers/finished-session-analyzer.js';
import type { LiveEvent } from '../../../src/core/live-event.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
const T0 = Date.UTC(2026, 9, 1, 18, 0, 0);

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'a', name: 'A' });
  await t.services.profiles.createStream('a', { id: 'tt', platform: 'tiktok', channel: '@a' });
});
afterAll(() => t.close());

test('stores the drivers of every session that has ended, once, and leaves live ones', async () => {
  const minutes = (start: number, n: number): LiveEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      stream: 'tt',
      kind: 'viewers',
      at: start + i * 60_000,
      count: 100 + i,
      value: 0,
    }));
  await t.services.pipeline.submit('a', [
    ...minutes(T0, 30),
    { stream: 'tt', kind: 'stream_end', at: T0 + 30 * 60_000, count: 1, value: 0 },
  ]);
  await t.services.pipeline.submit('a', minutes(T0 + 3_600_000, 5));
  const analyzer = new FinishedSessionAnalyzer(
    t.services.engine,
    t.services.drivers,
    pino({ level: 'silent' }),
  );
  expect(await analyzer.sweep()).toBe(1);
  expect(await analyzer.sweep()).toBe(0);
  const trend = await t.services.drivers.trend('a', 10);
  expect(trend).toHaveLength(1);
});
