import { describe, expect, test } from 'vitest';
import type { Rollup } from '../core/aggregates.js';
import { emptyCounters } from '../core/counters.js';
import { bucketStart, RollupBucketer } from './rollup-buckets.js';
import { ZonedClock } from './zoned-clock.js';

const MIN = 60_000;
const T = Date.UTC(2026, 0, 12, 10, 0);

function rollup(stream: string, minute: number, viewers: number | null, likes: number): Rollup {
  return {
    ...emptyCounters(),
    stream,
    minute,
    likes,
    viewers_last: viewers,
    viewers_last_at: viewers === null ? null : minute + 30_000,
    viewers_min: viewers,
    viewers_max: viewers,
    viewers_sum: viewers ?? 0,
    viewers_n: viewers === null ? 0 : 1,
    events: likes + (viewers === null ? 0 : 1),
  };
}

describe('rollup buckets', () => {
  test('hours and days start on the wall clock of the zone', () => {
    const india = new ZonedClock('Asia/Kolkata');
    expect(bucketStart(T + 40 * MIN, 'hour', india)).toBe(T + 30 * MIN);
    expect(bucketStart(T, 'day', india)).toBe(Date.UTC(2026, 0, 11, 18, 30));
    expect(bucketStart(T + 7 * MIN, '5min', new ZonedClock('UTC'))).toBe(T + 5 * MIN);
    // The day of a DST change in Berlin starts at 23:00 UTC the day before, and lasts 23 hours.
    const berlin = new ZonedClock('Europe/Berlin');
    expect(bucketStart(Date.UTC(2026, 2, 29, 20), 'day', berlin)).toBe(Date.UTC(2026, 2, 28, 23));
  });

  test('sums each stream per interval, in order of time then stream, across pages', () => {
    const bucketer = new RollupBucketer('5min', new ZonedClock('UTC'));
    const first = bucketer.add([
      rollup('b', T, 10, 1),
      rollup('a', T + MIN, 100, 2),
      rollup('a', T + 2 * MIN, 300, 3),
    ]);
    expect(first).toEqual([]);
    const second = bucketer.add([rollup('a', T + 5 * MIN, null, 4)]);
    expect(second.map((b) => [b.at, b.stream, b.likes, b.viewers, b.events])).toEqual([
      [T, 'a', 5, { last: 300, min: 100, max: 300, avg: 200 }, 7],
      [T, 'b', 1, { last: 10, min: 10, max: 10, avg: 10 }, 2],
    ]);
    expect(bucketer.finish().map((b) => [b.at, b.stream, b.likes, b.viewers.avg])).toEqual([
      [T + 5 * MIN, 'a', 4, null],
    ]);
  });
});
