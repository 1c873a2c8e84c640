import { SessionRow } from './aggregate-rows.js';
import type { Session, StreamState } from './aggregates.js';

/**
 * How many closed sessions of a stream the fold keeps at hand, newest (highest id) first, for
 * events that arrive late. Both engines load the same number of them, by id, when a profile opens,
 * so a fold resumed after a restart decides exactly as one that never stopped.
 */
export const RECENT_SESSIONS = 16;

/** Why a session that a late event formed on its own is closed: it never was live. */
export const LATE_END_REASON = 'late';

/**
 * Whether an event belongs before the stream's present: earlier than the open session's start
 * minus the grace, or (no session open) earlier than the end of the latest closed one. Such an
 * event never moves the open session; it joins a closed one or forms one of its own.
 */
export function isLate(s: StreamState, at: number, graceMs: number): boolean {
  if (s.session) return at < s.session.started_at - graceMs;
  let latestEnd = -Infinity;
  for (const r of s.recent) if (r.ended_at! > latestEnd) latestEnd = r.ended_at!;
  return at < latestEnd;
}

/**
 * The closed session a late event at `at` joins, copied so the caller may change it (it replaces
 * the one kept): the first, newest first, whose span (start to end) holds `at`, else the first
 * whose span widened by the grace on either side holds it. Null when none does: the event forms a session of its own
 * (see `formLateSession`).
 */
export function joinLateSession(s: StreamState, at: number, graceMs: number): Session | null {
  let index = s.recent.findIndex((r) => r.started_at <= at && at <= r.ended_at!);
  if (index < 0) {
    index = s.recent.findIndex((r) => r.started_at - graceMs <= at && at <= r.ended_at! + graceMs);
  }
  if (index < 0) return null;
  const copy = { ...s.recent[index]! };
  s.recent = s.recent.with(index, copy);
  return copy;
}

/** A closed session made of one late event (seq `id`, time `at`) that no kept session holds. */
export function formLateSession(s: StreamState, id: number, stream: string, at: number): Session {
  const session = new SessionRow(id, stream, at);
  session.ended_at = at;
  session.end_reason = LATE_END_REASON;
  rememberClosed(s, session);
  return session;
}

/** Keeps a session that just closed among the stream's recent ones (by id, newest first, bounded). */
export function rememberClosed(s: StreamState, session: Session): void {
  const at = s.recent.findIndex((r) => r.id < session.id);
  const recent = at < 0 ? [...s.recent, session] : s.recent.toSpliced(at, 0, session);
  s.recent = recent.length > RECENT_SESSIONS ? recent.slice(0, RECENT_SESSIONS) : recent;
}
