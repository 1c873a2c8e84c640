import type { Rollup } from '../../core/aggregates.js';
import { addCounters, emptyCounters } from '../../core/counters.js';
import { MINUTE_MS } from '../../core/reduce.js';
import type { Resolution, TimelineBucket, ViewerSeries, ViewerStats } from './session-report.js';
import { ViewerAccumulator } from './viewer-accumulator.js';

/** The span a timeline covers: every bucket that holds a moment of `[from, to]` (epoch ms). */
export interface TimelineRange {
  from: number;
  to: number;
  resolution: Resolution;
}

/**
 * Bucket starts from the one holding `from` to the one holding `to`, both included. Buckets are
 * aligned to multiples of the resolution since the epoch, so 5-minute buckets start at :00, :05…
 */
export function bucketStarts(range: TimelineRange): number[] {
  const size = range.resolution * MINUTE_MS;
  const starts: number[] = [];
  for (let at = Math.floor(range.from / size) * size; at <= range.to; at += size) starts.push(at);
  return starts;
}

/** The start of the bucket holding `time`. */
export function bucketOf(time: number, resolution: Resolution): number {
  const size = resolution * MINUTE_MS;
  return Math.floor(time / size) * size;
}

/**
 * Buckets 1-minute rollups: every bucket of the range appears, in order, with each counter summed.
 * Viewers come from the rollups' readings (`last` is the reading with the latest time, `avg` is
 * weighted by readings) or, when `series` is given, from its per-minute values (`last` is the
 * value of the bucket's latest minute, `avg` the mean of its minutes). A bucket without any
 * reading has null viewers. Rollups and minutes outside the range are ignored.
 */
export function bucketRollups(
  rollups: readonly Rollup[],
  range: TimelineRange,
  series?: ViewerSeries,
): TimelineBucket[] {
  const starts = bucketStarts(range);
  const slots = new Map(
    starts.map((at) => [at, { bucket: emptyBucket(at), viewers: new ViewerAccumulator() }]),
  );
  for (const r of rollups) {
    const slot = slots.get(bucketOf(r.minute, range.resolution));
    if (!slot) continue;
    addCounters(slot.bucket, r);
    slot.bucket.events += r.events;
    if (!series) slot.viewers.addRollup(r);
  }
  for (const [minute, viewers] of series ?? []) {
    slots.get(bucketOf(minute, range.resolution))?.viewers.addReading(viewers, minute);
  }
  return starts.map((at) => {
    const slot = slots.get(at)!;
    slot.bucket.viewers = slot.viewers.result();
    return slot.bucket;
  });
}

const NO_VIEWERS: ViewerStats = { last: null, min: null, max: null, avg: null };

/** A bucket with every counter at zero and no viewer reading. */
export function emptyBucket(at: number): TimelineBucket {
  return { at, viewers: { ...NO_VIEWERS }, events: 0, ...emptyCounters() };
}
