import { addEventCounters } from './counters.js';
import { RollupRow, SessionGiftRow, SessionRow, SessionViewerRow, ViewerRow } from './aggregate-rows.js';
import { applyViewerReading, emptyStats, resetStreamStats } from './stats.js';
import { formLateSession, isLate, joinLateSession, rememberClosed } from './recent-sessions.js';
import type {
  AggregateState,
  Delta,
  Rollup,
  Session,
  SessionViewerGift,
  SessionViewerTotals,
  StreamState,
  ViewerActivity,
  ViewerTotals,
} from './aggregates.js';
import type { EventKind, StoredEvent } from './live-event.js';

export interface ReduceOptions {
  /**
   * A session closes when a stream has no activity for longer than this (ms); a late event joins
   * a session whose span widened by this much on either side holds it.
   */
  sessionGapMs: number;
}

export const MINUTE_MS = 60_000;

/** Events that neither open a session nor keep one alive. */
const PASSIVE_KINDS: ReadonlySet<EventKind> = new Set(['reset', 'trigger', 'stream_end']);

export function emptyState(): AggregateState {
  return { streams: new Map(), combined: emptyStats() };
}

export function emptyDelta(): Delta {
  return {
    events: 0,
    stats: new Map(),
    combined: null,
    sessions: new Map(),
    rollups: new Map(),
    viewers: new Map(),
    sessionViewers: new Map(),
    sessionGifts: new Map(),
  };
}

/**
 * Folds a batch of stored events, in sequence order, into the aggregate state. `state` is not
 * changed; the new state is returned with the delta to persist. Processing event by event makes
 * the result independent of batch boundaries, which is what lets `rebuild` replay the log and
 * arrive at exactly the aggregates built incrementally.
 *
 * The delta is new unless one is passed in: then the batch is folded into it, and it becomes the
 * delta of everything it held plus this batch (what a store keeping aggregates behind its log
 * accumulates between writes). Stats and sessions in it are replaced by newer full rows; rollups
 * and viewer totals add up.
 *
 * The caller must pass only accepted (deduplicated) events, in ascending `seq` order, following
 * the events already folded into `delta`.
 */
export function reduce(
  state: AggregateState,
  events: readonly StoredEvent[],
  options: ReduceOptions,
  delta: Delta = emptyDelta(),
): { state: AggregateState; delta: Delta } {
  return { state: fold(state, events, options, delta), delta };
}

/**
 * The state `reduce` arrives at, without the delta: current stats and open sessions only, for a
 * store that keeps the other aggregates elsewhere. Same rules, same code, a fraction of the work.
 * Reads no event's `user` nor `gift`: a caller may leave them out.
 */
export function foldState(
  state: AggregateState,
  events: readonly StoredEvent[],
  options: ReduceOptions,
): AggregateState {
  return fold(state, events, options, null);
}

function fold(
  state: AggregateState,
  events: readonly StoredEvent[],
  options: ReduceOptions,
  delta: Delta | null,
): AggregateState {
  const next: AggregateState = { streams: new Map(state.streams), combined: { ...state.combined } };
  const touched = new Set<string>();

  const touch = (stream: string): StreamState => {
    const current = next.streams.get(stream);
    if (touched.has(stream) && current) return current;
    touched.add(stream);
    const copy: StreamState = current
      ? {
          stats: { ...current.stats },
          session: current.session ? { ...current.session } : null,
          recent: current.recent,
        }
      : { stats: emptyStats(), session: null, recent: [] };
    next.streams.set(stream, copy);
    return copy;
  };

  for (const e of events) {
    // A void changes no counter by itself: the store folds the log again without what it voids.
    if (e.kind === 'void') continue;
    const s = touch(e.stream);
    applyToStats(s, next, e);
    const session = applyToSession(s, e, options, delta);
    if (!delta) continue;
    applyToRollup(delta, e);
    if (e.user) applyToViewer(delta, e, session);
    delta.events += 1;
  }
  if (!delta) return next;

  for (const stream of touched) delta.stats.set(stream, next.streams.get(stream)!.stats);
  if (touched.size > 0) delta.combined = next.combined;
  for (const stream of touched) {
    const session = next.streams.get(stream)!.session;
    if (session) delta.sessions.set(session.id, session);
  }
  return next;
}

function applyToStats(s: StreamState, state: AggregateState, e: StoredEvent): void {
  const { stats } = s;
  const combined = state.combined;
  if (e.at > stats.updated_at) stats.updated_at = e.at;
  if (e.at > combined.updated_at) combined.updated_at = e.at;
  switch (e.kind) {
    case 'viewers':
    case 'stream_end': {
      const reading = e.kind === 'viewers' ? e.count : 0;
      const change = applyViewerReading(stats, reading, e.at);
      if (stats.viewers_at === e.at) combined.viewers_at = Math.max(combined.viewers_at, e.at);
      combined.viewers += change;
      if (combined.viewers > combined.peak_viewers) combined.peak_viewers = combined.viewers;
      return;
    }
    case 'reset':
      resetStreamStats(stats, combined);
      return;
    default:
      addEventCounters(stats, e);
      addEventCounters(combined, e);
  }
}

function closeSession(
  s: StreamState,
  delta: Delta | null,
  session: Session,
  endedAt: number,
  reason: string,
): void {
  session.ended_at = endedAt;
  session.end_reason = reason;
  s.session = null;
  rememberClosed(s, session);
  delta?.sessions.set(session.id, session);
}

/** Moves the stream's session along; returns the session the event belongs to, if any. */
function applyToSession(
  s: StreamState,
  e: StoredEvent,
  options: ReduceOptions,
  delta: Delta | null,
): Session | null {
  if (e.kind === 'reset' || e.kind === 'trigger') return s.session;
  if (isLate(s, e.at, options.sessionGapMs)) return applyLate(s, e, options, delta);
  const open = s.session;
  if (open && e.at - open.last_event_at > options.sessionGapMs) {
    closeSession(s, delta, open, open.last_event_at, 'gap');
  }
  if (e.kind === 'stream_end') {
    if (s.session) {
      const reason = typeof e.data?.reason === 'string' ? e.data.reason : 'stream_end';
      closeSession(s, delta, s.session, Math.max(s.session.last_event_at, e.at), reason);
    }
    return null;
  }
  if (e.kind === 'stream_start' && s.session) {
    closeSession(s, delta, s.session, Math.max(s.session.last_event_at, e.at), 'restart');
  }
  if (PASSIVE_KINDS.has(e.kind)) return s.session;
  const session = s.session ?? (s.session = new SessionRow(e.seq, e.stream, e.at));
  countInSession(session, e);
  return session;
}

/**
 * A late event (see `isLate`) joins the closed session that holds its time, or forms a closed
 * session of its own; it never stretches a session by more than the grace. A late stream end
 * changes no session.
 */
function applyLate(
  s: StreamState,
  e: StoredEvent,
  options: ReduceOptions,
  delta: Delta | null,
): Session | null {
  if (e.kind === 'stream_end') return null;
  const joined = joinLateSession(s, e.at, options.sessionGapMs);
  const session = joined ?? formLateSession(s, e.seq, e.stream, e.at);
  if (e.at > session.ended_at!) session.ended_at = e.at;
  countInSession(session, e);
  delta?.sessions.set(session.id, session);
  return session;
}

function countInSession(session: Session, e: StoredEvent): void {
  if (e.at > session.last_event_at) session.last_event_at = e.at;
  if (e.at < session.started_at) session.started_at = e.at;
  session.events += 1;
  if (e.kind === 'viewers') {
    if (e.count > session.peak_viewers) session.peak_viewers = e.count;
    session.viewers_sum += e.count;
    session.viewers_n += 1;
  } else {
    addEventCounters(session, e);
  }
}

function applyToRollup(delta: Delta, e: StoredEvent): void {
  const minute = Math.floor(e.at / MINUTE_MS) * MINUTE_MS;
  let minutes = delta.rollups.get(e.stream);
  if (!minutes) delta.rollups.set(e.stream, (minutes = new Map<number, Rollup>()));
  let r = minutes.get(minute);
  if (!r) minutes.set(minute, (r = new RollupRow(e.stream, minute)));
  r.events += 1;
  if (e.kind !== 'viewers') {
    addEventCounters(r, e);
    return;
  }
  const v = e.count;
  r.viewers_min = r.viewers_min === null ? v : Math.min(r.viewers_min, v);
  r.viewers_max = r.viewers_max === null ? v : Math.max(r.viewers_max, v);
  r.viewers_sum += v;
  r.viewers_n += 1;
  if (r.viewers_last_at === null || e.at >= r.viewers_last_at) {
    r.viewers_last = v;
    r.viewers_last_at = e.at;
  }
}

/**
 * A viewer's event counts toward their totals within its session, or (outside any session, or of
 * a kind that counts in none) toward their profile-wide totals directly. A store adds a session's
 * viewer rows to the profile-wide totals as it writes them (see `Delta`).
 */
function applyToViewer(delta: Delta, e: StoredEvent, session: Session | null): void {
  const user = e.user!;
  if (session !== null && !PASSIVE_KINDS.has(e.kind)) {
    let viewers = delta.sessionViewers.get(session.id);
    if (!viewers) delta.sessionViewers.set(session.id, (viewers = new Map<string, SessionViewerTotals>()));
    let v = viewers.get(user.id);
    if (!v) viewers.set(user.id, (v = new SessionViewerRow(session.id, user, e.at, e.seq)));
    addActivity(named(v, e), e);
    if (e.kind === 'gift' && e.gift) applyToSessionGift(delta, e, session.id);
    return;
  }
  let v = delta.viewers.get(user.id);
  if (!v) delta.viewers.set(user.id, (v = new ViewerRow(user, e.at, e.seq)));
  addActivity(named(v, e), e);
}

/** A viewer's row named after this (later) event. */
function named<V extends ViewerTotals>(v: V, e: StoredEvent): V {
  v.name = e.user!.name;
  v.display = e.user!.display ?? null;
  v.name_seq = e.seq;
  return v;
}

/** Which gifts a viewer gave in a session: count, coins and the biggest single gift, per type. */
function applyToSessionGift(delta: Delta, e: StoredEvent, sessionId: number): void {
  const gift = e.gift!;
  const userId = e.user!.id;
  let gifts = delta.sessionGifts.get(sessionId);
  if (!gifts) delta.sessionGifts.set(sessionId, (gifts = new Map<string, SessionViewerGift>()));
  const key = `${userId}\u0000${gift.id}`;
  let g = gifts.get(key);
  if (!g) gifts.set(key, (g = new SessionGiftRow(sessionId, userId, gift.id, gift.name, e.seq)));
  g.gift_name = gift.name;
  g.name_seq = e.seq;
  g.count += e.count;
  g.coins += e.value;
  if (e.value > g.biggest) g.biggest = e.value;
}

function addActivity(v: ViewerActivity, e: StoredEvent): void {
  if (e.at < v.first_seen) v.first_seen = e.at;
  if (e.at > v.last_seen) v.last_seen = e.at;
  v.events += 1;
  addEventCounters(v, e);
}
