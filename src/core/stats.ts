import { emptyCounters, subtractCounters, pickCounters } from './counters.js';
import type { Stats } from './aggregates.js';

export function emptyStats(): Stats {
  return { viewers: 0, peak_viewers: 0, viewers_at: 0, updated_at: 0, ...emptyCounters() };
}

/**
 * Records a viewer reading taken at `at`. An older reading than the current one still counts
 * toward the peak but does not replace the current value. Returns how much `viewers` changed.
 */
export function applyViewerReading(stats: Stats, reading: number, at: number): number {
  if (reading > stats.peak_viewers) stats.peak_viewers = reading;
  if (at < stats.viewers_at) return 0;
  const change = reading - stats.viewers;
  stats.viewers = reading;
  stats.viewers_at = at;
  return change;
}

/**
 * Zeroes a stream's counters (a recorded reset); the peak restarts from the current reading.
 * The same counters leave the combined row, whose peak restarts too.
 */
export function resetStreamStats(stream: Stats, combined: Stats): void {
  subtractCounters(combined, pickCounters(stream));
  Object.assign(stream, emptyCounters());
  stream.peak_viewers = stream.viewers;
  combined.peak_viewers = combined.viewers;
}
