import { describe, expect, test } from 'vitest';
import type { Rollup } from '../../core/aggregates.js';
import { emptyCounters } from '../../core/counters.js';
import { findPeak, summariseRollups } from './report-summary.js';

const T = Date.UTC(2026, 0, 10, 18, 0, 0);
const MIN = 60_000;

function rollup(
  minute: number,
  last: number | null,
  max: number | null,
  fields: Partial<Rollup> = {},
): Rollup {
  return {
    ...emptyCounters(),
    stream: 'twitch-a',
    minute: T + minute * MIN,
    viewers_last: last,
    viewers_last_at: last === null ? null : T + minute * MIN + 45_000,
    viewers_min: last,
    viewers_max: max,
    viewers_sum: 0,
    viewers_n: last === null ? 0 : 1,
    events: 1,
    ...fields,
  };
}

describe('findPeak', () => {
  test("dates the peak to its minute's start when a later, lower reading ended that minute", () => {
    expect(findPeak([rollup(0, 10, 10), rollup(1, 30, 50), rollup(2, 40, 40)])).toEqual({
      peak_viewers: 50,
      peak_at: T + MIN,
    });
  });

  test('dates the peak exactly when it was the last reading of its minute, the earliest on a tie', () => {
    expect(findPeak([rollup(0, 50, 50), rollup(1, 50, 50)])).toEqual({
      peak_viewers: 50,
      peak_at: T + 45_000,
    });
  });

  test('looks for a given peak when one is asked for', () => {
    expect(findPeak([rollup(0, 90, 90), rollup(3, 70, 70)], 70)).toEqual({
      peak_viewers: 70,
      peak_at: T + 3 * MIN + 45_000,
    });
  });

  test('gives no time without readings', () => {
    expect(findPeak([rollup(0, null, null)])).toEqual({ peak_viewers: 0, peak_at: null });
  });
});

describe('summariseRollups', () => {
  test('clips the duration to the window and weighs the average by readings', () => {
    const rollups = [
      rollup(0, 10, 10, { viewers_sum: 10, viewers_n: 1, comments: 2, events: 3 }),
      rollup(4, 30, 30, { viewers_sum: 50, viewers_n: 2, likes: 5, events: 2 }),
    ];
    expect(summariseRollups(rollups, T + 30_000, T + 4 * MIN + 20_000)).toEqual({
      ...emptyCounters(),
      duration_ms: 4 * MIN - 10_000,
      peak_viewers: 30,
      peak_at: T + 4 * MIN + 45_000,
      avg_viewers: 20,
      unique_viewers: null,
      unique_chatters: null,
      events: 5,
      comments: 2,
      likes: 5,
    });
  });
});
