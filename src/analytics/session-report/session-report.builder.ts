import type { Rollup } from '../../core/aggregates.js';
import type { SessionSummary } from '../../store/ports.js';
import { combineViewerSeries } from './combined-viewers.js';
import { combineSummaries, summariseRollups, summariseSession } from './report-summary.js';
import type { Resolution, SessionReport, StreamReport } from './session-report.js';
import { bucketRollups, type TimelineRange } from './timeline.js';
import type { ReportWindow } from './report-window.js';

const wholeSession = (session: SessionSummary): ReportWindow => ({
  from: session.started_at,
  to: session.ended_at ?? session.last_event_at,
  partial: false,
});

/**
 * Builds a session's report from the session row and the profile's rollups of every minute that
 * holds a moment of the session's window (ordered by minute, as `listRollups` returns them). The
 * session's own stream comes first, then the other streams with rollups in the window, by id.
 * Pure: the same inputs always give the same report.
 */
export function buildSessionReport(
  session: SessionSummary,
  rollups: readonly Rollup[],
  resolution: Resolution,
  window: ReportWindow = wholeSession(session),
): SessionReport {
  const range: TimelineRange = { from: window.from, to: window.to, resolution };
  const byStream = groupByStream(session.stream, rollups);
  // The session row holds the whole session: a part of it is summarised from its rollups alone.
  const streams: StreamReport[] = [...byStream].map(([stream, own]) => ({
    stream,
    summary:
      stream === session.stream && !window.partial
        ? summariseSession(session, own)
        : summariseRollups(own, window.from, window.to),
    timeline: bucketRollups(own, range),
  }));
  const series = combineViewerSeries(byStream);
  const duration = window.partial ? window.to - window.from : session.duration_ms;
  return {
    session,
    window,
    resolution,
    streams,
    combined: {
      summary: combineSummaries(
        streams.map((s) => s.summary),
        series,
        duration,
      ),
      timeline: bucketRollups(rollups, range, series),
    },
  };
}

/** Rollups by stream, the session's stream first (even without rollups), then the others by id. */
function groupByStream(own: string, rollups: readonly Rollup[]): Map<string, Rollup[]> {
  const others = new Map<string, Rollup[]>();
  const mine: Rollup[] = [];
  for (const r of rollups) {
    if (r.stream === own) mine.push(r);
    else if (others.has(r.stream)) others.get(r.stream)!.push(r);
    else others.set(r.stream, [r]);
  }
  const sorted = [...others].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map([[own, mine], ...sorted]);
}
