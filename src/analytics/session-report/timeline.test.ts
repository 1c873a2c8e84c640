import { describe, expect, test } from 'vitest';
import type { Rollup } from '../../core/aggregates.js';
import { emptyCounters } from '../../core/counters.js';
import { bucketRollups, bucketStarts } from './timeline.js';

const T = Date.UTC(2026, 0, 10, 18, 0, 0);
const MIN = 60_000;

function rollup(minute: number, fields: Partial<Rollup>): Rollup {
  return {
    ...emptyCounters(),
    stream: 'tiktok-a',
    minute: T + minute * MIN,
    viewers_last: null,
    viewers_last_at: null,
    viewers_min: null,
    viewers_max: null,
    viewers_sum: 0,
    viewers_n: 0,
    events: 0,
    ...fields,
  };
}

const zero = emptyCounters();

describe('bucketStarts', () => {
  test('lists every epoch-aligned bucket from the one holding the start to the one holding the end', () => {
    expect(bucketStarts({ from: T + 7 * MIN + 5_000, to: T + 31 * MIN, resolution: 15 })).toEqual([
      T,
      T + 15 * MIN,
      T + 30 * MIN,
    ]);
    expect(bucketStarts({ from: T + 59 * MIN, to: T + 60 * MIN, resolution: 60 })).toEqual([T, T + 60 * MIN]);
  });
});

describe('bucketRollups', () => {
  const rollups = [
    // readings 100 at 2:10 and 120 at 2:50
    rollup(2, {
      viewers_last: 120,
      viewers_last_at: T + 2 * MIN + 50_000,
      viewers_min: 100,
      viewers_max: 120,
      viewers_sum: 220,
      viewers_n: 2,
      likes: 10,
      events: 5,
    }),
    rollup(4, {
      viewers_last: 90,
      viewers_last_at: T + 4 * MIN + 20_000,
      viewers_min: 90,
      viewers_max: 90,
      viewers_sum: 90,
      viewers_n: 1,
      comments: 3,
      events: 4,
    }),
    rollup(6, { gifts: 2, coins: 50, events: 2 }),
    // readings 180 at 11:05, 190 at 11:30, 200 at 11:40
    rollup(11, {
      viewers_last: 200,
      viewers_last_at: T + 11 * MIN + 40_000,
      viewers_min: 180,
      viewers_max: 200,
      viewers_sum: 570,
      viewers_n: 3,
      followers: 1,
      events: 4,
    }),
    rollup(12, {
      viewers_last: 150,
      viewers_last_at: T + 12 * MIN,
      viewers_min: 150,
      viewers_max: 150,
      viewers_sum: 150,
      viewers_n: 1,
      events: 1,
    }),
    rollup(20, { likes: 999, events: 1 }),
  ];
  const buckets = bucketRollups(rollups, {
    from: T + 2 * MIN + 30_000,
    to: T + 13 * MIN + 10_000,
    resolution: 5,
  });

  test('sums every counter into 5-minute buckets and leaves out rollups beyond the range', () => {
    expect(buckets.map((b) => b.at)).toEqual([T, T + 5 * MIN, T + 10 * MIN]);
    expect(buckets[0]).toMatchObject({ ...zero, likes: 10, comments: 3, events: 9 });
    expect(buckets[1]).toMatchObject({ ...zero, gifts: 2, coins: 50, events: 2 });
    expect(buckets[2]).toMatchObject({ ...zero, followers: 1, events: 5 });
  });

  test('gives null viewers to a bucket without readings', () => {
    expect(buckets[1]!.viewers).toEqual({ last: null, min: null, max: null, avg: null });
  });

  test('takes the latest reading as last and weighs the average by readings', () => {
    expect(buckets[0]!.viewers).toEqual({ last: 90, min: 90, max: 120, avg: 310 / 3 });
    expect(buckets[2]!.viewers).toEqual({ last: 150, min: 150, max: 200, avg: 180 });
  });

  test('takes viewers from a per-minute series when one is given', () => {
    const series = new Map([
      [T + 3 * MIN, 50],
      [T + 4 * MIN, 70],
      [T + 5 * MIN, 60],
    ]);
    const combined = bucketRollups(rollups, { from: T, to: T + 9 * MIN, resolution: 5 }, series);
    expect(combined.map((b) => b.viewers)).toEqual([
      { last: 70, min: 50, max: 70, avg: 60 },
      { last: 60, min: 60, max: 60, avg: 60 },
    ]);
    expect(combined[0]).toMatchObject({ likes: 10, comments: 3, events: 9 });
  });
});
