import type { Rollup } from '../core/aggregates.js';
import { COUNTER_FIELDS, emptyCounters } from '../core/counters.js';
import type { QuarterRollup } from './read-ports.js';

/** A quarter hour: every time zone's hours start on one (India +5:30, Nepal +5:45). */
export const QUARTER_MS = 15 * 60_000;

/**
 * A delta's minute rollups summed per stream and quarter hour: what each engine adds to its
 * quarter rollups in the same write (sums only, so any split into batches adds up the same).
 */
export function quarterIncrements(
  rollups: ReadonlyMap<string, ReadonlyMap<number, Rollup>>,
): QuarterRollup[] {
  const quarters = new Map<string, QuarterRollup>();
  for (const [stream, minutes] of rollups) {
    for (const r of minutes.values()) {
      const quarter = Math.floor(r.minute / QUARTER_MS) * QUARTER_MS;
      const key = `${quarter}\u0000${stream}`;
      let q = quarters.get(key);
      if (!q) quarters.set(key, (q = { stream, quarter, viewers_sum: 0, viewers_n: 0, ...emptyCounters() }));
      q.viewers_sum += r.viewers_sum;
      q.viewers_n += r.viewers_n;
      for (const f of COUNTER_FIELDS) q[f] += r[f];
    }
  }
  return [...quarters.values()];
}
