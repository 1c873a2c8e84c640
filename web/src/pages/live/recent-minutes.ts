import type { components } from '../../api/openapi.gen.js';

type Session = components['schemas']['Session'];
type SessionReport = components['schemas']['SessionReport'];
export type MinuteBucket = components['schemas']['TimelineBucket'];

/** Per-minute rollups of the last minutes (by event time), combined and per stream, keyed by minute start (epoch ms). */
export interface RecentMinutes {
  combined: Map<number, MinuteBucket>;
  streams: Map<string, Map<number, MinuteBucket>>;
}

const MINUTE_MS = 60_000;
/** A report reads the minutes of one session's span: a window crossing a few sessions takes a few. */
const MAX_REPORTS = 4;

/**
 * The sessions whose span holds part of `[from, to]`, those covering most of it first, at most
 * `MAX_REPORTS`. Every report reads the rollups of every stream in its span, so their union covers
 * every minute of the window that holds an event.
 */
export function sessionsCovering(sessions: readonly Session[], from: number, to: number): Session[] {
  const covered = (s: Session) => Math.min(to, s.ended_at ?? s.last_event_at) - Math.max(from, s.started_at);
  return sessions
    .filter((s) => covered(s) >= 0)
    .sort((a, b) => covered(b) - covered(a))
    .slice(0, MAX_REPORTS);
}

/** The minutes of several reports as one: the same minute read twice is the same rollup. */
export function mergeReports(reports: readonly SessionReport[]): RecentMinutes {
  const combined = new Map<number, MinuteBucket>();
  const streams = new Map<string, Map<number, MinuteBucket>>();
  for (const report of reports) {
    addBuckets(combined, report.combined.timeline);
    for (const s of report.streams) {
      let own = streams.get(s.stream);
      if (!own) streams.set(s.stream, (own = new Map<number, MinuteBucket>()));
      addBuckets(own, s.timeline);
    }
  }
  return { combined, streams };
}

// A report's window ends at its session's end: keep the bucket that saw the most of a minute.
function addBuckets(into: Map<number, MinuteBucket>, timeline: readonly MinuteBucket[]): void {
  for (const bucket of timeline) {
    const held = into.get(bucket.at);
    if (!held || bucket.events > held.events || (held.viewers.last == null && bucket.viewers.last != null)) {
      into.set(bucket.at, bucket);
    }
  }
}

/**
 * Chat messages per minute at `now`, by event time: those of the current minute, and the rest of
 * the previous one pro rata (rollups hold whole minutes). Messages older than that count nothing.
 */
export function chatPerMinute(minutes: Map<number, MinuteBucket> | undefined, now: number): number {
  if (!minutes) return 0;
  const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const elapsed = (now - minute) / MINUTE_MS;
  const current = minutes.get(minute)?.comments ?? 0;
  const previous = minutes.get(minute - MINUTE_MS)?.comments ?? 0;
  return Math.round(current + previous * (1 - elapsed));
}
