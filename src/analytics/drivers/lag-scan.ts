import { pearson, type Correlation } from './correlation.js';
import type { DriverSeries } from './driver-series.js';
import { DRIVER_ACTIVITIES, type DriverActivity } from './drivers-result.schema.js';
import { holmAdjust } from './p-adjust.js';

/** One activity's correlation with viewer change at every lag, Holm-corrected over all tests. */
export interface ActivityScan {
  activity: DriverActivity;
  /** By lag; null where the activity did not vary at that lag. */
  tests: (Correlation | null)[];
  adjusted: (number | null)[];
  /** The lag with the smallest p (the shorter lag on a tie); null if no lag could be tested. */
  bestLag: number | null;
}

/**
 * Correlates viewer change with each activity at each lag 0..maxLag, then corrects every p-value
 * for the number of tests made (all activities times all lags) with Holm's method.
 */
export function scanLags(series: DriverSeries): { scans: ActivityScan[]; tests: number } {
  const scans = DRIVER_ACTIVITIES.map((activity): ActivityScan => {
    const tests = series.activity[activity].map((column) => pearson(column, series.change));
    return { activity, tests, adjusted: tests.map(() => null), bestLag: findBestLag(tests) };
  });
  const flat = scans.flatMap((s) => s.tests.filter((t): t is Correlation => t !== null));
  const adjusted = holmAdjust(flat.map((t) => t.p));
  let next = 0;
  for (const scan of scans) scan.adjusted = scan.tests.map((t) => (t === null ? null : adjusted[next++]!));
  return { scans, tests: flat.length };
}

function findBestLag(tests: readonly (Correlation | null)[]): number | null {
  let best: number | null = null;
  tests.forEach((t, lag) => {
    if (t !== null && (best === null || t.p < tests[best]!.p)) best = lag;
  });
  return best;
}
