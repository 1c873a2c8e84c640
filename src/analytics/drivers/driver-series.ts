import type { Rollup } from '../../core/aggregates.js';
import { MINUTE_MS } from '../../core/reduce.js';
import { ACTIVITY_COUNTER, DRIVER_ACTIVITIES, type DriverActivity } from './drivers-result.schema.js';

/**
 * What the driver analysis works on: per usable minute t, the viewer change v(t) - v(t-1) and,
 * per activity and lag L, the activity in minute t - L.
 */
export interface DriverSeries {
  /** Start of each usable minute, ascending. */
  minutes: number[];
  change: number[];
  /** `activity[a][lag][i]`: the count of `a` in minute `minutes[i] - lag`. */
  activity: Record<DriverActivity, number[][]>;
  /** Minutes in the window that had no usable viewer change. */
  skipped: number;
}

/**
 * Builds the series from 1-minute rollups of the chosen streams. The rollups must cover
 * `[from - maxLag minutes, to)` so that lagged activity exists for the first minutes.
 *
 * Gaps: a viewer change needs a reading in both minutes; a minute without one breaks the
 * difference and is skipped, readings are never invented (carrying one forward would put the
 * whole change in the minute the next reading came, at the wrong lag). With several streams the
 * change is the sum of each stream's change; a stream with no reading in either minute is taken as
 * off the air (no change), and one with a reading in only one of the two makes the minute unusable.
 */
export function buildDriverSeries(
  rollups: readonly Rollup[],
  window: { from: number; to: number },
  maxLag: number,
): DriverSeries {
  const first = Math.floor(window.from / MINUTE_MS) * MINUTE_MS;
  const readings = new Map<string, Map<number, number>>();
  const counts = new Map<number, Record<DriverActivity, number>>();
  for (const r of rollups) {
    if (r.viewers_last !== null && r.minute >= first && r.minute < window.to) {
      let byMinute = readings.get(r.stream);
      if (!byMinute) readings.set(r.stream, (byMinute = new Map<number, number>()));
      byMinute.set(r.minute, r.viewers_last);
    }
    addCounts(counts, r);
  }
  const minutes: number[] = [];
  const change: number[] = [];
  let skipped = 0;
  for (let t = first + MINUTE_MS; t < window.to; t += MINUTE_MS) {
    const dv = viewerChange(readings, t);
    if (dv === null) skipped++;
    else {
      minutes.push(t);
      change.push(dv);
    }
  }
  return { minutes, change, activity: laggedActivity(counts, minutes, maxLag), skipped };
}

function addCounts(counts: Map<number, Record<DriverActivity, number>>, r: Rollup): void {
  let row = counts.get(r.minute);
  if (!row) {
    row = Object.fromEntries(DRIVER_ACTIVITIES.map((a) => [a, 0])) as Record<DriverActivity, number>;
    counts.set(r.minute, row);
  }
  for (const a of DRIVER_ACTIVITIES) row[a] += r[ACTIVITY_COUNTER[a]];
}

function viewerChange(readings: Map<string, Map<number, number>>, t: number): number | null {
  let sum = 0;
  let seen = false;
  for (const byMinute of readings.values()) {
    const now = byMinute.get(t);
    const before = byMinute.get(t - MINUTE_MS);
    if (now === undefined && before === undefined) continue;
    if (now === undefined || before === undefined) return null;
    sum += now - before;
    seen = true;
  }
  return seen ? sum : null;
}

function laggedActivity(
  counts: Map<number, Record<DriverActivity, number>>,
  minutes: readonly number[],
  maxLag: number,
): Record<DriverActivity, number[][]> {
  const lags = Array.from({ length: maxLag + 1 }, (_, lag) => lag);
  const out = {} as Record<DriverActivity, number[][]>;
  for (const a of DRIVER_ACTIVITIES) {
    out[a] = lags.map((lag) => minutes.map((t) => counts.get(t - lag * MINUTE_MS)?.[a] ?? 0));
  }
  return out;
}
