import { spearmanRanked } from './correlation.js';
import { averageRanks, sampleSd, type Numbers } from './descriptive.js';
import type { DriverSeries } from './driver-series.js';
import {
  describeEffect,
  hasClearEffect,
  significantVerdict,
  unclearVerdict,
  unmeasuredVerdict,
} from './driver-verdict.js';
import {
  DRIVER_ACTIVITIES,
  type Driver,
  type DriverActivity,
  type DriversResult,
} from './drivers-result.schema.js';
import { scanLags, type ActivityScan } from './lag-scan.js';
import { fitOls, type OlsFit } from './ols-regression.js';

/**
 * Fewest usable minutes analysed. With at most seven activities and an intercept in the
 * regression, 20 minutes leave at least 12 residual degrees of freedom (k + 10 or more).
 */
export const MIN_MINUTES = 20;

/** A p-value (Holm-corrected) below this makes a driver significant. */
export const ALPHA = 0.05;

export interface DriversWindow {
  from: number;
  to: number;
  /** Null: every stream combined. */
  stream: string | null;
  maxLag: number;
}

/**
 * Which activities move the viewer count, and after how long. For each activity and lag
 * 0..maxLag: Pearson r of the per-minute viewer change with the activity that many minutes
 * earlier, Holm-corrected over every test made; the best lag is the one with the smallest p.
 * Then one multiple regression of viewer change on every activity at its best lag gives each
 * effect's size with the others held fixed. Minutes are treated as independent observations;
 * differencing the viewer count removes most of its trend, not all autocorrelation.
 * Never produces NaN or Infinity: undefined numbers are null.
 */
export function analyzeDrivers(series: DriverSeries, window: DriversWindow): DriversResult {
  const n = series.change.length;
  const notes = gapNotes(series);
  const base = {
    from: window.from,
    to: window.to,
    stream: window.stream,
    max_lag: window.maxLag,
    n,
    tests: 0,
    r2: null,
    adjusted_r2: null,
    notes,
  };
  const unanalysable = verdictWithoutTests(series.change);
  if (unanalysable) {
    const verdict = unanalysable.verdict;
    const drivers = DRIVER_ACTIVITIES.map((a) => emptyDriver(a, unanalysable.driverVerdict ?? verdict));
    return { ...base, status: unanalysable.status, verdict, drivers };
  }
  const { scans, tests } = scanLags(series);
  const measured = scans.filter((s) => s.bestLag !== null);
  const fit = fitOls(
    series.change,
    measured.map((s) => ({ name: s.activity, values: series.activity[s.activity][s.bestLag!]! })),
  );
  notes.push(...methodNotes(scans, fit, tests, window.maxLag));
  // The viewer change ranked once, for every activity's Spearman rho.
  const changeRanks = averageRanks(series.change);
  const drivers = scans.map((s) => toDriver(s, fit, series, changeRanks));
  const strongest = pickStrongest(drivers);
  return {
    ...base,
    tests,
    r2: fit?.r2 ?? null,
    adjusted_r2: fit?.adjustedR2 ?? null,
    status: strongest ? 'ok' : 'no_clear_driver',
    verdict:
      strongest?.verdict ??
      `no clear driver: no activity moved viewers beyond chance over ${n} minutes (${tests} tests, Holm-corrected)`,
    drivers,
  };
}

/** Why nothing can be tested: too few minutes, or a viewer count that never changed. */
function verdictWithoutTests(
  change: readonly number[],
): { status: 'not_enough_data' | 'no_clear_driver'; verdict: string; driverVerdict?: string } | null {
  const n = change.length;
  if (n < MIN_MINUTES) {
    const verdict = `not enough data: ${n} usable minutes with a viewer change, at least ${MIN_MINUTES} needed`;
    return { status: 'not_enough_data', verdict, driverVerdict: 'not enough data' };
  }
  if (sampleSd(change) === 0) {
    return {
      status: 'no_clear_driver',
      verdict: `no clear driver: the viewer count did not change over ${n} minutes`,
    };
  }
  return null;
}

function toDriver(
  scan: ActivityScan,
  fit: OlsFit | null,
  series: DriverSeries,
  changeRanks: Numbers,
): Driver {
  const lags = scan.tests.map((t, lag) => ({
    lag_minutes: lag,
    r: t?.r ?? null,
    p: t?.p ?? null,
    p_adjusted: scan.adjusted[lag] ?? null,
  }));
  const lag = scan.bestLag;
  if (lag === null) return { ...emptyDriver(scan.activity, unmeasuredVerdict(scan.activity)), lags };
  const { r, p } = scan.tests[lag]!;
  const pAdjusted = scan.adjusted[lag]!;
  const rank = spearmanRanked(series.activity[scan.activity][lag]!, changeRanks);
  const c = fit?.coefficients.find((x) => x.name === scan.activity) ?? null;
  const significant = pAdjusted < ALPHA;
  const ci95 = c ? c.ci95 : null;
  const coefficient = c ? c.coefficient : null;
  return {
    activity: scan.activity,
    best_lag_minutes: lag,
    r,
    p,
    p_adjusted: pAdjusted,
    significant,
    spearman: { rho: rank?.r ?? null, p: rank?.p ?? null },
    coefficient,
    standardized_coefficient: c ? c.standardized : null,
    ci95,
    coefficient_p: c ? c.p : null,
    effect: coefficient === null ? null : describeEffect(scan.activity, coefficient),
    lags,
    verdict: significant
      ? significantVerdict({ activity: scan.activity, lag, r, pAdjusted, coefficient, ci95 })
      : unclearVerdict(scan.activity, lag, r, pAdjusted),
  };
}

/** The significant driver the regression backs, if any, else any significant one; smallest corrected p first. */
function pickStrongest(drivers: readonly Driver[]): Driver | undefined {
  const rank = (d: Driver) => (hasClearEffect({ r: d.r!, coefficient: d.coefficient, ci95: d.ci95 }) ? 0 : 1);
  return drivers
    .filter((d) => d.significant)
    .sort((a, b) => rank(a) - rank(b) || a.p_adjusted! - b.p_adjusted! || Math.abs(b.r!) - Math.abs(a.r!))[0];
}

function emptyDriver(activity: DriverActivity, verdict: string): Driver {
  return {
    activity,
    best_lag_minutes: null,
    r: null,
    p: null,
    p_adjusted: null,
    significant: false,
    spearman: { rho: null, p: null },
    coefficient: null,
    standardized_coefficient: null,
    ci95: null,
    coefficient_p: null,
    effect: null,
    lags: [],
    verdict,
  };
}

function gapNotes(series: DriverSeries): string[] {
  if (series.skipped === 0) return [];
  return [
    `${series.skipped} minute(s) had no viewer change and were skipped: a change needs a reading in the minute and the one before, and readings are never invented`,
  ];
}

function methodNotes(
  scans: readonly ActivityScan[],
  fit: OlsFit | null,
  tests: number,
  maxLag: number,
): string[] {
  const notes: string[] = [];
  const unmeasured = scans.filter((s) => s.bestLag === null).map((s) => s.activity);
  if (unmeasured.length > 0) notes.push(`left out, did not vary in this window: ${unmeasured.join(', ')}`);
  if (fit && fit.dropped.length > 0) {
    notes.push(`left out of the regression, collinear with the other activities: ${fit.dropped.join(', ')}`);
  }
  if (!fit) notes.push('the multiple regression could not be fitted; coefficients are null');
  notes.push(
    `p-values are Holm-corrected for the ${tests} correlation tests made (activities x lags 0..${maxLag}); ` +
      `significant means corrected p < ${ALPHA}; regression p-values do not account for choosing the best lag`,
  );
  return notes;
}
