import { describe, expect, test } from 'vitest';
import { DEFAULT_SPIKE_OPTIONS, SpikeDetector } from './spike-detector.js';
import type { Spike, SpikeDetectorOptions } from './spike-detector.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const TICK_MS = 5_000;
const VIEWERS = DEFAULT_SPIKE_OPTIONS.viewers;
/** Only the robust z-score decides: no absolute or relative floor. */
const Z_ONLY: SpikeDetectorOptions = { ...VIEWERS, minAbsoluteChange: 0, minRelativeChange: 0 };

/** mulberry32: a small seeded PRNG, so every series is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `n` readings of normal noise around `mean` with standard deviation `sd`, rounded like counts. */
function noise(random: () => number, n: number, mean: number, sd: number): number[] {
  return Array.from({ length: n }, () => Math.round(mean + sd * gaussian(random)));
}

const repeat = (n: number, value: number): number[] => Array.from({ length: n }, () => value);

/** Feeds `values` one tick apart from T0; returns each spike with the index of its observation. */
function detect(options: SpikeDetectorOptions, values: readonly number[]): { index: number; spike: Spike }[] {
  const detector = new SpikeDetector(options);
  const spikes: { index: number; spike: Spike }[] = [];
  values.forEach((value, index) => {
    const spike = detector.observe(T0 + index * TICK_MS, value);
    if (spike) spikes.push({ index, spike });
  });
  return spikes;
}

const indexesOf = (options: SpikeDetectorOptions, values: readonly number[]): number[] =>
  detect(options, values).map((s) => s.index);

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

describe('SpikeDetector', () => {
  test('fires exactly once for a sustained jump, at its first high observation', () => {
    const random = seededRandom(1);
    const values = [...noise(random, 60, 1000, 20), ...noise(random, 10, 1400, 20)];
    const spikes = detect(VIEWERS, values);
    expect(spikes.map((s) => s.index)).toEqual([60]);
    const { spike } = spikes[0]!;
    // The baseline is the 30 observations before the spike, not the spike itself.
    const window = values.slice(30, 60);
    const baseline = median(window);
    const scaledMad = 1.4826 * median(window.map((v) => Math.abs(v - baseline)));
    expect(spike).toMatchObject({ at: T0 + 60 * TICK_MS, value: values[60], baseline });
    expect(spike.change).toBe(values[60]! - baseline);
    expect(spike.spread).toBeGreaterThanOrEqual(scaledMad);
    expect(spike.spread).toBeGreaterThan(12);
    expect(spike.spread).toBeLessThan(30);
    expect(spike.score).toBeCloseTo(spike.change / spike.spread, 12);
    expect(spike.score).toBeGreaterThan(12);
  });

  test('fires nothing on 2,000 observations of steady noise, yet catches a jump after them', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      const values = [...noise(random, 2000, 1000, 30), ...noise(random, 5, 1400, 30)];
      expect(indexesOf(VIEWERS, values), `seed ${seed}`).toEqual([2000]);
    }
  });

  test('fires nothing on a slow ramp from 1000 to 3000 over 500 observations', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      const ramp = Array.from({ length: 500 }, (_, i) => Math.round(1000 + 4 * i + 20 * gaussian(random)));
      const values = [...noise(random, 60, 1000, 20), ...ramp];
      expect(indexesOf(VIEWERS, values), `seed ${seed}`).toEqual([]);
    }
  });

  test('fires nothing on a steady climb of 1% per observation, even on the z-score alone', () => {
    const values = Array.from({ length: 300 }, (_, i) => Math.round(1000 * 1.01 ** i));
    expect(indexesOf(Z_ONLY, values)).toEqual([]);
  });

  test('fires once for two spikes 30 s apart: the cooldown holds the second', () => {
    const random = seededRandom(7);
    const values = [
      ...noise(random, 60, 1000, 20),
      ...noise(random, 2, 1400, 20),
      ...noise(random, 4, 1000, 20),
      ...noise(random, 2, 1400, 20),
      ...noise(random, 20, 1000, 20),
    ];
    expect(indexesOf(VIEWERS, values)).toEqual([60]);
    // The second spike is real: without a cooldown it fires, 30 s after the first.
    expect(indexesOf({ ...VIEWERS, cooldownMs: 0 }, values)).toEqual([60, 66]);
  });

  test('fires twice for two spikes further apart than the cooldown, back to baseline between', () => {
    const random = seededRandom(8);
    const values = [
      ...noise(random, 60, 1000, 20),
      ...noise(random, 3, 1400, 20),
      ...noise(random, 27, 1000, 20),
      ...noise(random, 3, 1400, 20),
      ...noise(random, 20, 1000, 20),
    ];
    expect(indexesOf(VIEWERS, values)).toEqual([60, 90]);
  });

  test('fires once for a level that stays high past the cooldown, even with no cooldown', () => {
    const random = seededRandom(9);
    const values = [...noise(random, 60, 1000, 20), ...noise(random, 140, 1400, 20)];
    expect(indexesOf(VIEWERS, values)).toEqual([60]);
    expect(indexesOf({ ...VIEWERS, cooldownMs: 0 }, values)).toEqual([60]);
  });

  test('needs the rise to reach minAbsoluteChange, however large its z-score', () => {
    const random = seededRandom(10);
    const values = [...Array.from({ length: 60 }, () => 2 + Math.floor(random() * 3)), 20];
    expect(indexesOf({ ...VIEWERS, minAbsoluteChange: 25 }, values)).toEqual([]);
    expect(indexesOf({ ...VIEWERS, minAbsoluteChange: 10 }, values)).toEqual([60]);
  });

  test('floors the spread of a flat series: 500 then 600 fires once, 500 then 501 never', () => {
    const spikes = detect(VIEWERS, [...repeat(40, 500), ...repeat(5, 600), ...repeat(5, 500)]);
    expect(spikes).toEqual([
      {
        index: 40,
        spike: { at: T0 + 40 * TICK_MS, value: 600, baseline: 500, spread: 5, score: 20, change: 100 },
      },
    ]);
    expect(indexesOf(VIEWERS, [...repeat(40, 500), ...repeat(5, 501)])).toEqual([]);
    expect(indexesOf(Z_ONLY, [...repeat(40, 500), ...repeat(5, 501)])).toEqual([]);
  });

  test('floors the spread of a flat zero series at 1', () => {
    const [first] = detect(DEFAULT_SPIKE_OPTIONS.chat_velocity, [...repeat(20, 0), 25]);
    expect(first?.spike).toMatchObject({ baseline: 0, spread: 1, score: 25, change: 25 });
  });

  test('never fires on a fall, neither a drop from a flat level nor the end of a spike', () => {
    const drop = [...repeat(40, 1000), ...repeat(40, 200)];
    expect(indexesOf({ ...Z_ONLY, threshold: 1 }, drop)).toEqual([]);
    const random = seededRandom(11);
    const values = [
      ...noise(random, 60, 1000, 20),
      ...noise(random, 10, 1400, 20),
      ...noise(random, 60, 1000, 20),
    ];
    expect(indexesOf(VIEWERS, values)).toEqual([60]);
  });

  test('fires nothing before the baseline holds minSamples observations', () => {
    const fired = Array.from({ length: 13 }, (_, n) => n).filter(
      (n) => indexesOf(VIEWERS, [...repeat(n, 500), 600]).length > 0,
    );
    expect(fired).toEqual([10, 11, 12]);
  });

  test('never fires on an observation older than the newest seen', () => {
    const detector = new SpikeDetector(VIEWERS);
    for (let i = 0; i < 10; i++) detector.observe(T0 + i * TICK_MS, 500);
    expect(detector.observe(T0 - TICK_MS, 600)).toBeNull();
    // Neither did the late reading start a cooldown: the same rise in order fires.
    expect(detector.observe(T0 + 10 * TICK_MS, 600)).toMatchObject({ baseline: 500, change: 100 });
  });

  test('adds an observation older than the newest seen to the baseline', () => {
    const detector = new SpikeDetector(VIEWERS);
    for (let i = 0; i < 9; i++) detector.observe(T0 + i * TICK_MS, 500);
    expect(detector.observe(T0 - TICK_MS, 500)).toBeNull();
    // The late reading made the tenth sample, so the baseline is complete.
    expect(detector.observe(T0 + 9 * TICK_MS, 600)).toMatchObject({ baseline: 500, change: 100 });
  });

  test('remembers recent noise: a short quiet stretch does not make a normal wobble a spike', () => {
    const random = seededRandom(12);
    const noisy = noise(random, 100, 1000, 50);
    // After 20 flat readings the window's MAD is 0, but the spread remembers the noise before.
    expect(indexesOf(Z_ONLY, [...noisy, ...repeat(20, 1000), 1100])).toEqual([]);
    // The memory fades: after a long quiet stretch the same rise is a spike.
    expect(indexesOf(Z_ONLY, [...noisy, ...repeat(200, 1000), 1100])).toEqual([300]);
  });

  test('ignores non-finite values', () => {
    const detector = new SpikeDetector(VIEWERS);
    for (let i = 0; i < 9; i++) detector.observe(T0 + i * TICK_MS, 500);
    expect(detector.observe(T0 + 9 * TICK_MS, Number.NaN)).toBeNull();
    expect(detector.observe(T0 + 10 * TICK_MS, Number.POSITIVE_INFINITY)).toBeNull();
    // Nine samples still: not enough for a baseline.
    expect(detector.observe(T0 + 11 * TICK_MS, 600)).toBeNull();
  });

  test('forgets the baseline, the cooldown and the newest time on reset', () => {
    const detector = new SpikeDetector(VIEWERS);
    for (let i = 0; i < 40; i++) detector.observe(T0 + i * TICK_MS, 1000);
    expect(detector.observe(T0 + 40 * TICK_MS, 2000)).not.toBeNull();
    detector.reset();
    for (let i = 0; i < 10; i++) expect(detector.observe(T0 + i * TICK_MS, 500)).toBeNull();
    expect(detector.observe(T0 + 10 * TICK_MS, 600)).toMatchObject({ at: T0 + 10 * TICK_MS, baseline: 500 });
  });
});
