import { describe, expect, test } from 'vitest';
import type { Rollup } from './aggregates.js';
import { emptyCounters } from './counters.js';
import { DEFAULT_SPIKE_OPTIONS } from './spike-detector.js';
import { replaySpikes } from './spike-replay.js';

const T = Date.UTC(2026, 11, 1, 18, 0, 0);
const M = 60_000;

/** One minute of a stream: a viewer reading (or none) and its chat and coins. */
function minute(i: number, viewers: number | null, fields: Partial<Rollup> = {}): Rollup {
  return {
    ...emptyCounters(),
    stream: 'tw',
    minute: T + i * M,
    viewers_last: viewers,
    viewers_last_at: viewers === null ? null : T + i * M + 30_000,
    viewers_min: viewers,
    viewers_max: viewers,
    viewers_sum: viewers ?? 0,
    viewers_n: viewers === null ? 0 : 1,
    events: 1,
    ...fields,
  };
}

/** `n` minutes of viewers wobbling around 1000 (990, 1010, ...), from minute `from`. */
const steady = (from: number, n: number, fields: Partial<Rollup> = {}) =>
  Array.from({ length: n }, (_, i) => minute(from + i, i % 2 === 0 ? 990 : 1010, fields));

describe('replaySpikes', () => {
  test("fires the viewers detector at the minute a stream's viewers jump, with that minute's figures", () => {
    const rollups = [...steady(0, 30), minute(30, 1400), minute(31, 1410), ...steady(32, 5)];
    const triggers = replaySpikes(rollups, { viewers: DEFAULT_SPIKE_OPTIONS.viewers });
    expect(triggers).toHaveLength(1);
    expect(triggers[0]).toMatchObject({ at: T + 30 * M, signal: 'viewers', value: 1400, baseline: 1000 });
    expect(triggers[0]!.score).toBeGreaterThanOrEqual(DEFAULT_SPIKE_OPTIONS.viewers.threshold);
  });

  test("reads a minute's highest viewer reading, so a short peak inside it is seen", () => {
    const peak = { ...minute(30, 1000), viewers_max: 1500 };
    const triggers = replaySpikes([...steady(0, 30), peak], { viewers: DEFAULT_SPIKE_OPTIONS.viewers });
    expect(triggers.map((t) => [t.at, t.value])).toEqual([[T + 30 * M, 1500]]);
  });

  test('warms up on minutes with a reading only: a jump after nine readings fires nothing', () => {
    // Readings in minutes 0, 3, ..., 24: nine of them over 27 minutes.
    const sparse = Array.from({ length: 27 }, (_, i) => minute(i, i % 3 === 0 ? 1000 : null));
    const rollups = [...sparse, minute(27, 1400)];
    expect(replaySpikes(rollups, { viewers: DEFAULT_SPIKE_OPTIONS.viewers })).toEqual([]);
    // The same jump after ten readings fires.
    expect(
      replaySpikes([...sparse, minute(27, 1000), minute(28, 1400)], {
        viewers: DEFAULT_SPIKE_OPTIONS.viewers,
      }),
    ).toHaveLength(1);
  });

  test('watches chat and gifts in the minutes that hold a chat or a gift, not those of viewer readings alone', () => {
    const chatty = (i: number, comments: number, coins = 0) =>
      minute(i, 1000, { comments, gifts: coins > 0 ? 1 : 0, coins });
    const rollups = [
      ...Array.from({ length: 20 }, (_, i) => chatty(i, 30 + (i % 3))),
      // Quiet minutes (readings only) would pull a chat baseline to 0 if they were observed.
      ...Array.from({ length: 20 }, (_, i) => minute(20 + i, 1000)),
      chatty(40, 40),
      chatty(41, 120, 3000),
    ];
    const detectors = {
      chat_velocity: DEFAULT_SPIKE_OPTIONS.chat_velocity,
      gift_value: DEFAULT_SPIKE_OPTIONS.gift_value,
    };
    expect(replaySpikes(rollups, detectors).map((t) => [t.at, t.signal])).toEqual([
      [T + 41 * M, 'chat_velocity'],
      [T + 41 * M, 'gift_value'],
    ]);
  });

  test('a signal without a detector fires nothing', () => {
    const rollups = [...steady(0, 30), minute(30, 1400)];
    expect(replaySpikes(rollups, {})).toEqual([]);
    expect(replaySpikes(rollups, { chat_velocity: DEFAULT_SPIKE_OPTIONS.chat_velocity })).toEqual([]);
  });

  test('a lower threshold catches a smaller jump the defaults let pass', () => {
    const rollups = [...steady(0, 30), minute(30, 1100)];
    expect(replaySpikes(rollups, { viewers: DEFAULT_SPIKE_OPTIONS.viewers })).toEqual([]);
    const looser = { ...DEFAULT_SPIKE_OPTIONS.viewers, minRelativeChange: 0.05, threshold: 3 };
    expect(replaySpikes(rollups, { viewers: looser }).map((t) => t.at)).toEqual([T + 30 * M]);
  });
});
