import type { Rollup } from '../../core/aggregates.js';
import { addCounters, emptyCounters, pickCounters } from '../../core/counters.js';
import { MINUTE_MS } from '../../core/reduce.js';
import type { SessionSummary } from '../../store/ports.js';
import type { ReportSummary, ViewerSeries } from './session-report.js';

interface Peak {
  peak_viewers: number;
  peak_at: number | null;
}

/**
 * Where in the rollups the viewers peaked: the earliest minute whose highest reading is `target`
 * (by default the highest reading of all). `peak_at` is that minute's start, or the exact time of
 * its last reading when that reading is the peak. No reading: 0 viewers, null time.
 */
export function findPeak(rollups: readonly Rollup[], target?: number): Peak {
  let best: Rollup | null = null;
  for (const r of rollups) {
    if (r.viewers_max === null) continue;
    const isBetter =
      target === undefined ? !best || r.viewers_max > best.viewers_max! : !best && r.viewers_max === target;
    if (isBetter) best = r;
  }
  if (!best) return { peak_viewers: target ?? 0, peak_at: null };
  const at = best.viewers_last === best.viewers_max ? (best.viewers_last_at ?? best.minute) : best.minute;
  return { peak_viewers: best.viewers_max!, peak_at: at };
}

/**
 * The session's own stream: every number from the session row (exact), the peak's time from the
 * stream's rollups in the window.
 */
export function summariseSession(session: SessionSummary, rollups: readonly Rollup[]): ReportSummary {
  // An edge minute may hold readings from outside the session; look for the session's own peak first.
  const peak = findPeak(rollups, session.peak_viewers);
  const at = peak.peak_at ?? findPeak(rollups).peak_at;
  return {
    duration_ms: session.duration_ms,
    peak_viewers: session.peak_viewers,
    peak_at: session.viewers_n > 0 ? at : null,
    avg_viewers: session.avg_viewers,
    unique_viewers: session.unique_viewers,
    unique_chatters: session.unique_chatters,
    events: session.events,
    ...pickCounters(session),
  };
}

/**
 * Another stream, from its rollups (ordered by minute) in the window `[from, to]`: its duration
 * runs from its first to the end of its last active minute, clipped to the window; the average is
 * weighted by readings. Viewers cannot be told apart from rollups, so the unique counts are null.
 */
export function summariseRollups(rollups: readonly Rollup[], from: number, to: number): ReportSummary {
  const counters = emptyCounters();
  let events = 0;
  let sum = 0;
  let n = 0;
  for (const r of rollups) {
    addCounters(counters, r);
    events += r.events;
    sum += r.viewers_sum;
    n += r.viewers_n;
  }
  const first = rollups[0];
  const last = rollups[rollups.length - 1];
  const duration =
    first && last ? Math.max(0, Math.min(to, last.minute + MINUTE_MS) - Math.max(from, first.minute)) : 0;
  return {
    duration_ms: duration,
    ...findPeak(rollups),
    avg_viewers: n > 0 ? sum / n : null,
    unique_viewers: null,
    unique_chatters: null,
    events,
    ...counters,
  };
}

/**
 * All streams together: counters and events are the sum of the streams' summaries; peak and
 * average come from the combined per-minute series (peak_at is the start of the first minute at
 * the peak; the average is the mean over the minutes of the series).
 */
export function combineSummaries(
  summaries: readonly ReportSummary[],
  series: ViewerSeries,
  durationMs: number,
): ReportSummary {
  const counters = emptyCounters();
  let events = 0;
  for (const s of summaries) {
    addCounters(counters, s);
    events += s.events;
  }
  let peak: Peak = { peak_viewers: 0, peak_at: null };
  let sum = 0;
  for (const [minute, viewers] of series) {
    if (peak.peak_at === null || viewers > peak.peak_viewers)
      peak = { peak_viewers: viewers, peak_at: minute };
    sum += viewers;
  }
  return {
    duration_ms: durationMs,
    ...peak,
    avg_viewers: series.size > 0 ? sum / series.size : null,
    unique_viewers: null,
    unique_chatters: null,
    events,
    ...counters,
  };
}
