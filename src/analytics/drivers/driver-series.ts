import type { RollupColumns, RollupField } from '../../store/ports.js';
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
  activity: Record<DriverActivity, Float64Array[]>;
  /** Minutes in the window that had no usable viewer change. */
  skipped: number;
}

/** What the series is built from: the latest reading and the activity counters. */
export const DRIVER_ROLLUP_FIELDS: RollupField[] = [
  'viewers_last',
  ...new Set(Object.values(ACTIVITY_COUNTER)),
];

/**
 * Builds the series from 1-minute rollups of the chosen streams (`DRIVER_ROLLUP_FIELDS`). The rollups must cover
 * `[from - maxLag minutes, to)` so that lagged activity exists for the first minutes.
 *
 * Gaps: a viewer change needs a reading in both minutes; a minute without one breaks the
 * difference and is skipped, readings are never invented (carrying one forward would put the
 * whole change in the minute the next reading came, at the wrong lag). With several streams the
 * change is the sum of each stream's change; a stream with no reading in either minute is taken as
 * off the air (no change), and one with a reading in only one of the two makes the minute unusable.
 */
export function buildDriverSeries(
  rollups: RollupColumns,
  window: { from: number; to: number },
  maxLag: number,
): DriverSeries {
  const first = Math.floor(window.from / MINUTE_MS) * MINUTE_MS;
  // Every minute of the window and the maxLag before it, by index: slot k is minute
  // `origin + k` (dense arrays, not maps: a 90-day range is 130,000 minutes).
  const origin = first - maxLag * MINUTE_MS;
  const slots = Math.max(0, Math.ceil((window.to - origin) / MINUTE_MS));
  const readings = new Map<string, Float64Array>();
  const counts = Object.fromEntries(DRIVER_ACTIVITIES.map((a) => [a, new Float64Array(slots)])) as Record<
    DriverActivity,
    Float64Array
  >;
  const viewersLast = rollups.values.viewers_last!;
  const activity = DRIVER_ACTIVITIES.map((a) => ({
    into: counts[a],
    from: rollups.values[ACTIVITY_COUNTER[a]]!,
  }));
  for (let i = 0; i < rollups.minute.length; i += 1) {
    const minute = rollups.minute[i]!;
    const k = (minute - origin) / MINUTE_MS;
    if (!Number.isInteger(k) || k < 0 || k >= slots) continue;
    const reading = viewersLast[i]!;
    if (!Number.isNaN(reading) && minute >= first) {
      const stream = rollups.stream[i]!;
      let byMinute = readings.get(stream);
      if (!byMinute) readings.set(stream, (byMinute = new Float64Array(slots).fill(Number.NaN)));
      byMinute[k] = reading;
    }
    for (const { into, from } of activity) into[k]! += from[i]!;
  }
  const streams = [...readings.values()];
  const usable: number[] = [];
  const change: number[] = [];
  let skipped = 0;
  for (let k = maxLag + 1; k < slots; k += 1) {
    const dv = viewerChange(streams, k);
    if (dv === null) skipped++;
    else {
      usable.push(k);
      change.push(dv);
    }
  }
  return {
    minutes: usable.map((k) => origin + k * MINUTE_MS),
    change,
    activity: laggedActivity(counts, usable, maxLag),
    skipped,
  };
}

/** The summed change of every stream into slot k, or null when one stream has only one reading. */
function viewerChange(streams: readonly Float64Array[], k: number): number | null {
  let sum = 0;
  let seen = false;
  for (const byMinute of streams) {
    const now = byMinute[k]!;
    const before = byMinute[k - 1]!;
    const hasNow = !Number.isNaN(now);
    const hasBefore = !Number.isNaN(before);
    if (!hasNow && !hasBefore) continue;
    if (!hasNow || !hasBefore) return null;
    sum += now - before;
    seen = true;
  }
  return seen ? sum : null;
}

function laggedActivity(
  counts: Record<DriverActivity, Float64Array>,
  usable: readonly number[],
  maxLag: number,
): Record<DriverActivity, Float64Array[]> {
  const out = {} as Record<DriverActivity, Float64Array[]>;
  for (const a of DRIVER_ACTIVITIES) {
    const dense = counts[a];
    out[a] = [];
    for (let lag = 0; lag <= maxLag; lag += 1) {
      const column = new Float64Array(usable.length);
      for (let i = 0; i < usable.length; i += 1) column[i] = dense[usable[i]! - lag]!;
      out[a].push(column);
    }
  }
  return out;
}
