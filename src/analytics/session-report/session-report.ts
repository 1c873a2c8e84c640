import type { Counters } from '../../core/counters.js';
import type { SessionSummary } from '../../store/ports.js';

/** Timeline resolutions a report may be asked for, in minutes. */
export const RESOLUTIONS = [1, 5, 15, 60] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

const HOUR_MS = 3_600_000;

/**
 * The resolution preferred when none is asked for: 1 minute under 2 hours, 5 minutes under
 * 12 hours, 15 minutes beyond (see `reportResolution`, which keeps a timeline within its bound).
 */
export function defaultResolution(durationMs: number): Resolution {
  if (durationMs < 2 * HOUR_MS) return 1;
  if (durationMs < 12 * HOUR_MS) return 5;
  return 15;
}

/** Combined viewers per minute: minute start (epoch ms) to viewers, in minute order. */
export type ViewerSeries = ReadonlyMap<number, number>;

/** Viewer readings over a span: null fields when it holds no reading. */
export interface ViewerStats {
  last: number | null;
  min: number | null;
  max: number | null;
  avg: number | null;
}

/** One bucket of a timeline: viewers and every counter summed over `[at, at + resolution)`. */
export interface TimelineBucket extends Counters {
  /** Bucket start, epoch ms, a multiple of the resolution. */
  at: number;
  viewers: ViewerStats;
  events: number;
}

/**
 * The headline numbers of one stream (or of all streams combined) over the report window.
 * `unique_viewers` and `unique_chatters` are null where they cannot be known exactly from
 * aggregates (streams other than the session's own, and the combination).
 */
export interface ReportSummary extends Counters {
  duration_ms: number;
  peak_viewers: number;
  /** When the peak was read, epoch ms; null without any reading. */
  peak_at: number | null;
  avg_viewers: number | null;
  unique_viewers: number | null;
  unique_chatters: number | null;
  events: number;
}

export interface StreamReport {
  stream: string;
  summary: ReportSummary;
  timeline: TimelineBucket[];
}

/**
 * A session's report: its own stream first in `streams`, then every other stream of the profile
 * with activity in the window, then all of them combined.
 */
export interface SessionReport {
  session: SessionSummary;
  /** `[from, to]`, epoch ms: the session's start and its end (or latest event while live). */
  /** The part of the session covered, epoch ms; `partial` when it is not all of it. */
  window: { from: number; to: number; partial: boolean };
  resolution: Resolution;
  streams: StreamReport[];
  combined: { summary: ReportSummary; timeline: TimelineBucket[] };
}
