import type { Rollup } from '../../core/aggregates.js';
import { MINUTE_MS } from '../../core/reduce.js';
import type { ViewerSeries } from './session-report.js';

/**
 * The combined viewers of several streams, minute by minute. Each stream contributes the last
 * reading of a minute, carried forward across the minutes without a reading, from its first
 * reading up to its last minute with any activity (so a stream that ended, or has not started
 * yet, adds nothing). A minute in which no stream contributes is absent from the series.
 *
 * `rollupsByStream` holds each stream's rollups ordered by minute.
 */
export function combineViewerSeries(rollupsByStream: ReadonlyMap<string, readonly Rollup[]>): ViewerSeries {
  const series = new Map<number, number>();
  for (const rollups of rollupsByStream.values()) {
    const byMinute = new Map(rollups.map((r) => [r.minute, r]));
    const first = rollups.find((r) => r.viewers_last !== null);
    const lastActive = rollups[rollups.length - 1];
    if (!first || !lastActive) continue;
    let carried = first.viewers_last!;
    for (let minute = first.minute; minute <= lastActive.minute; minute += MINUTE_MS) {
      carried = byMinute.get(minute)?.viewers_last ?? carried;
      series.set(minute, (series.get(minute) ?? 0) + carried);
    }
  }
  return new Map([...series].sort(([a], [b]) => a - b));
}
