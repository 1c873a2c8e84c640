import { expect, test } from 'vitest';
import type { Rollup } from '../../core/aggregates.js';
import { emptyCounters } from '../../core/counters.js';
import { combineViewerSeries } from './combined-viewers.js';

const T = Date.UTC(2026, 0, 10, 18, 0, 0);
const MIN = 60_000;

function rollup(stream: string, minute: number, reading: number | null): Rollup {
  return {
    ...emptyCounters(),
    stream,
    minute: T + minute * MIN,
    viewers_last: reading,
    viewers_last_at: reading === null ? null : T + minute * MIN + 30_000,
    viewers_min: reading,
    viewers_max: reading,
    viewers_sum: reading ?? 0,
    viewers_n: reading === null ? 0 : 1,
    events: 1,
    comments: reading === null ? 1 : 0,
  };
}

test("sums each stream's last reading, carried forward from its first reading to its last active minute", () => {
  const series = combineViewerSeries(
    new Map([
      ['tiktok-a', [rollup('tiktok-a', 0, 100), rollup('tiktok-a', 3, 130), rollup('tiktok-a', 4, null)]],
      ['twitch-a', [rollup('twitch-a', 1, null), rollup('twitch-a', 2, 40), rollup('twitch-a', 6, null)]],
    ]),
  );
  expect([...series]).toEqual([
    [T, 100],
    [T + MIN, 100],
    [T + 2 * MIN, 140],
    [T + 3 * MIN, 170],
    [T + 4 * MIN, 170],
    [T + 5 * MIN, 40],
    [T + 6 * MIN, 40],
  ]);
});

test('leaves out a stream without any reading', () => {
  const series = combineViewerSeries(
    new Map([
      ['tiktok-a', [rollup('tiktok-a', 1, 10)]],
      ['twitch-a', [rollup('twitch-a', 0, null), rollup('twitch-a', 2, null)]],
    ]),
  );
  expect([...series]).toEqual([[T + MIN, 10]]);
});
