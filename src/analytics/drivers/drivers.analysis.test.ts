import { describe, expect, test } from 'vitest';
import type { Rollup } from '../../core/aggregates.js';
import { emptyCounters } from '../../core/counters.js';
import { MINUTE_MS } from '../../core/reduce.js';
import { columnsOfRollups } from '../../store/rollup-columns.js';
import { buildDriverSeries, DRIVER_ROLLUP_FIELDS } from './driver-series.js';
import { analyzeDrivers } from './drivers.analysis.js';
import type { Driver, DriversResult } from './drivers-result.schema.js';

/** Start of the synthetic broadcasts: 2026-01-10 18:00 UTC. */
const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);

/** A deterministic uniform [0, 1) generator (mulberry32), so the synthetic data is the same every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller) from a uniform generator. */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A rollup of minute `i` after T0 with a viewer reading (or none) and the given counters. */
function rollupAt(
  i: number,
  viewers: number | null,
  counters: Partial<
    Record<'likes' | 'comments' | 'gifts' | 'coins' | 'followers' | 'shares' | 'joins', number>
  > = {},
  stream = 'tiktok-a',
): Rollup {
  return {
    ...emptyCounters(),
    ...counters,
    stream,
    minute: T0 + i * MINUTE_MS,
    viewers_last: viewers,
    viewers_last_at: viewers === null ? null : T0 + i * MINUTE_MS + 30_000,
    viewers_min: viewers,
    viewers_max: viewers,
    viewers_sum: viewers ?? 0,
    viewers_n: viewers === null ? 0 : 1,
    events: 1,
  };
}

/**
 * `minutes` minutes of one stream where viewers respond to gifted coins two minutes later at
 * `perCoin` viewers per coin, plus normal noise (sd `noiseSd`); likes, comments, gifts, follows,
 * shares and joins vary at random with no effect. `perCoin` 0 gives pure noise.
 */
function coinDrivenRollups(minutes: number, perCoin: number, seed: number, noiseSd = 3): Rollup[] {
  const random = seededRandom(seed);
  const coins: number[] = [];
  const rollups: Rollup[] = [];
  let viewers = 200;
  for (let i = 0; i < minutes; i++) {
    const burst = random() < 0.25 ? Math.round(200 + random() * 2800) : 0;
    coins.push(burst);
    const gifts = burst === 0 ? 0 : Math.max(1, Math.round(burst / 100 + normal(random) * 5));
    if (i > 0) viewers += Math.round(perCoin * (coins[i - 2] ?? 0) + noiseSd * normal(random));
    rollups.push(
      rollupAt(i, viewers, {
        likes: Math.floor(random() * 400),
        comments: Math.floor(random() * 30),
        gifts,
        coins: burst,
        followers: Math.floor(random() * 4),
        shares: Math.floor(random() * 3),
        joins: Math.floor(random() * 60),
      }),
    );
  }
  return rollups;
}

function analyse(rollups: Rollup[], minutes: number, maxLag = 5): DriversResult {
  const window = { from: T0, to: T0 + minutes * MINUTE_MS };
  return analyzeDrivers(buildDriverSeries(columnsOfRollups(rollups, DRIVER_ROLLUP_FIELDS), window, maxLag), {
    ...window,
    stream: null,
    maxLag,
  });
}

const driver = (result: DriversResult, activity: Driver['activity']) =>
  result.drivers.find((d) => d.activity === activity)!;

/** Every number in the answer is finite: JSON would turn NaN and Infinity into null silently. */
function expectOnlyFiniteNumbers(value: unknown): void {
  if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  else if (Array.isArray(value)) value.forEach(expectOnlyFiniteNumbers);
  else if (value !== null && typeof value === 'object') Object.values(value).forEach(expectOnlyFiniteNumbers);
}

describe('driver series', () => {
  test('takes the change between consecutive readings and skips minutes a gap breaks', () => {
    const rollups = [
      rollupAt(0, 100),
      rollupAt(1, 110, { likes: 5 }),
      rollupAt(2, null, { likes: 7 }),
      rollupAt(3, 120),
      rollupAt(4, 115, { coins: 300 }),
    ];
    const s = buildDriverSeries(
      columnsOfRollups(rollups, DRIVER_ROLLUP_FIELDS),
      { from: T0, to: T0 + 5 * MINUTE_MS },
      1,
    );
    expect(s.minutes).toEqual([T0 + MINUTE_MS, T0 + 4 * MINUTE_MS]);
    expect(s.change).toEqual([10, -5]);
    expect(s.skipped).toBe(2);
    expect(s.activity.likes.map((c) => Array.from(c))).toEqual([
      [5, 0],
      [0, 0],
    ]);
    expect(s.activity.gift_value.map((c) => Array.from(c))).toEqual([
      [0, 300],
      [0, 0],
    ]);
  });

  test('sums streams, treating a stream silent in both minutes as off the air', () => {
    const rollups = [
      rollupAt(0, 100),
      rollupAt(1, 110),
      rollupAt(2, 90),
      rollupAt(1, 50, {}, 'twitch-a'),
      rollupAt(2, 70, {}, 'twitch-a'),
    ];
    const s = buildDriverSeries(
      columnsOfRollups(rollups, DRIVER_ROLLUP_FIELDS),
      { from: T0, to: T0 + 3 * MINUTE_MS },
      0,
    );
    // Minute 1: twitch-a has a reading but none the minute before, so the sum is unknown.
    expect(s.change).toEqual([-20 + 20]);
    expect(s.minutes).toEqual([T0 + 2 * MINUTE_MS]);
    expect(s.skipped).toBe(1);
  });

  test('reads lagged activity from before the window without using readings from there', () => {
    const rollups = [rollupAt(-1, 500, { comments: 4 }), rollupAt(0, 100), rollupAt(1, 103)];
    const s = buildDriverSeries(
      columnsOfRollups(rollups, DRIVER_ROLLUP_FIELDS),
      { from: T0, to: T0 + 2 * MINUTE_MS },
      2,
    );
    expect(s.change).toEqual([3]);
    expect(s.activity.comments.map((c) => Array.from(c))).toEqual([[0], [0], [4]]);
  });
});

describe('drivers of viewer change', () => {
  // Reference values computed with scipy 1.17 on the same series (scipy.stats.pearsonr /
  // spearmanr, Holm over the 42 tests, OLS via numpy.linalg.lstsq with scipy.stats.t for p and CI).
  test('finds viewers rising two minutes after gifted coins, with the size the data was made with', () => {
    const result = analyse(coinDrivenRollups(120, 0.014, 42), 120);
    expect(result.status).toBe('ok');
    expect(result.n).toBe(119);
    expect(result.tests).toBe(42);
    expect(result.r2).toBeCloseTo(0.9382539624673567, 10);
    expect(result.adjusted_r2).toBeCloseTo(0.9343600682085413, 10);
    const coins = driver(result, 'gift_value');
    expect(coins.best_lag_minutes).toBe(2);
    expect(coins.r).toBeCloseTo(0.9669295113502989, 12);
    expect(coins.p! / 2.852273717982586e-71).toBeCloseTo(1, 6);
    expect(coins.p_adjusted! / 1.197954961552686e-69).toBeCloseTo(1, 6);
    expect(coins.significant).toBe(true);
    expect(coins.spearman.rho).toBeCloseTo(0.7437888017452856, 12);
    expect(coins.coefficient).toBeCloseTo(0.013269126332217161, 10);
    expect(coins.ci95![0]).toBeCloseTo(0.011035127023895211, 10);
    expect(coins.ci95![1]).toBeCloseTo(0.015503125640539111, 10);
    expect(coins.coefficient_p! / 3.0089627119285457e-21).toBeCloseTo(1, 5);
    expect(coins.standardized_coefficient).toBeCloseTo(0.9399572386859503, 10);
    expect(coins.effect).toEqual({ viewers: 13, per: 1000, unit: 'coins' });
    // The true effect the data was generated with lies inside the interval.
    expect(coins.ci95![0]).toBeLessThan(0.014);
    expect(coins.ci95![1]).toBeGreaterThan(0.014);
    expect(coins.verdict).toBe(
      'viewers rise about 2 minutes after gift bursts: +13 viewers per 1,000 coins, strong evidence',
    );
    expect(result.verdict).toBe(coins.verdict);
  });

  test('does not call the activities that did nothing drivers, even where their raw p is below 0.05', () => {
    const result = analyse(coinDrivenRollups(120, 0.014, 42), 120);
    const shares = driver(result, 'shares');
    expect(shares.best_lag_minutes).toBe(5);
    expect(shares.p).toBeCloseTo(0.013191089943992027, 12);
    expect(shares.p_adjusted).toBeCloseTo(0.5276435977596811, 12);
    expect(shares.significant).toBe(false);
    expect(shares.verdict).toBe('no clear effect of shares (best at 5 min, r = 0.23, corrected p = 0.528)');
    // Gift count rides along with coins: correlated on its own, but no effect once coins are held fixed.
    const gifts = driver(result, 'gifts');
    expect(gifts.significant).toBe(true);
    expect(gifts.ci95![0]).toBeCloseTo(-0.18754037863898143, 10);
    expect(gifts.verdict).toBe(
      'viewers rise about 2 minutes after gifts, strong evidence, but its own effect is unclear once the other ' +
        'activities are accounted for (+0.3 viewers per 10 gifts, 95% CI -1.9 to 2.5)',
    );
  });

  test('answers "no clear driver" on pure noise', () => {
    const result = analyse(coinDrivenRollups(120, 0, 99), 120);
    expect(result.status).toBe('no_clear_driver');
    expect(result.verdict).toBe(
      'no clear driver: no activity moved viewers beyond chance over 119 minutes (42 tests, Holm-corrected)',
    );
    expect(result.drivers.every((d) => !d.significant)).toBe(true);
    expect(driver(result, 'gift_value').p).toBeCloseTo(0.04629838788913799, 12);
    expect(driver(result, 'gift_value').p_adjusted).toBe(1);
    expect(result.r2).toBeCloseTo(0.14635592085348315, 10);
  });

  test('answers "not enough data" for ten minutes, with nulls and no NaN', () => {
    const result = analyse(coinDrivenRollups(10, 0.014, 1), 10);
    expect(result.status).toBe('not_enough_data');
    expect(result.n).toBe(9);
    expect(result.verdict).toBe('not enough data: 9 usable minutes with a viewer change, at least 20 needed');
    expect(result.r2).toBeNull();
    expect(result.drivers).toHaveLength(7);
    expect(driver(result, 'likes')).toMatchObject({
      r: null,
      coefficient: null,
      ci95: null,
      significant: false,
    });
    expectOnlyFiniteNumbers(result);
  });

  test('leaves out an activity that never varies, says so, and produces no NaN or Infinity', () => {
    const rollups = coinDrivenRollups(60, 0.014, 7).map((r) => ({ ...r, shares: 0 }));
    const result = analyse(rollups, 60);
    const shares = driver(result, 'shares');
    expect(shares.best_lag_minutes).toBeNull();
    expect(shares.lags.map((l) => l.r)).toEqual([null, null, null, null, null, null]);
    expect(shares.verdict).toBe('not measured: shares did not vary in this window');
    expect(result.notes).toContain('left out, did not vary in this window: shares');
    expect(result.tests).toBe(36);
    expect(driver(result, 'gift_value').significant).toBe(true);
    expectOnlyFiniteNumbers(result);
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  test('says when the regression had to drop a collinear activity', () => {
    // Every gift worth exactly 10 coins: gift count and coins carry the same information.
    const rollups = coinDrivenRollups(60, 0.014, 7).map((r) => ({ ...r, coins: r.gifts * 10 }));
    const result = analyse(rollups, 60, 0);
    expect(result.notes).toContain(
      'left out of the regression, collinear with the other activities: gift_value',
    );
    expect(driver(result, 'gift_value').coefficient).toBeNull();
    expect(driver(result, 'gifts').coefficient).not.toBeNull();
    expectOnlyFiniteNumbers(result);
  });

  test('reports a constant viewer count as no clear driver', () => {
    const rollups = Array.from({ length: 30 }, (_, i) => rollupAt(i, 50, { likes: i % 3 }));
    const result = analyse(rollups, 30);
    expect(result.status).toBe('no_clear_driver');
    expect(result.verdict).toBe('no clear driver: the viewer count did not change over 29 minutes');
  });

  test('notes the minutes a gap in the readings removed', () => {
    const rollups = coinDrivenRollups(40, 0.014, 3).map((r, i) =>
      i === 10 ? { ...r, viewers_last: null } : r,
    );
    const result = analyse(rollups, 40);
    expect(result.n).toBe(37);
    expect(result.notes[0]).toMatch(/^2 minute\(s\) had no viewer change/);
  });
});
