import type { Counters } from './counters.js';

/**
 * Current live stats of one stream, or of a whole profile (combined). `viewers` is the latest
 * reading (by event time); `peak_viewers` the highest since the last reset. For the combined row,
 * `viewers` is the sum of every stream's current reading.
 */
export interface Stats extends Counters {
  viewers: number;
  peak_viewers: number;
  /** Event time of the reading in `viewers` (0 before any). */
  viewers_at: number;
  /** Event time of the newest event applied (0 before any). */
  updated_at: number;
}

/** One live broadcast of one stream. `ended_at` is null while it is open. */
export interface Session extends Counters {
  /** The per-profile sequence number of the event that opened it. */
  id: number;
  stream: string;
  started_at: number;
  ended_at: number | null;
  last_event_at: number;
  end_reason: string | null;
  peak_viewers: number;
  viewers_sum: number;
  viewers_n: number;
  events: number;
}

/**
 * One minute of one stream. Viewer fields are over the readings in that minute (null without
 * any); `viewers_last` is the reading with the latest event time.
 */
export interface Rollup extends Counters {
  stream: string;
  minute: number;
  viewers_last: number | null;
  viewers_last_at: number | null;
  viewers_min: number | null;
  viewers_max: number | null;
  viewers_sum: number;
  viewers_n: number;
  events: number;
}

/** What one viewer did: in total across the profile, or within one session. */
export interface ViewerActivity extends Counters {
  user_id: string;
  first_seen: number;
  last_seen: number;
  events: number;
}

/** A viewer's totals with the name and display name of their latest event (`name_seq`). */
export interface ViewerTotals extends ViewerActivity {
  name: string;
  display: string | null;
  name_seq: number;
}

/** A viewer's totals within one session. */
export interface SessionViewerTotals extends ViewerTotals {
  session_id: number;
}

/** One viewer's gifts of one type within one session. `biggest` is the largest single gift event's coins. */
export interface SessionViewerGift {
  session_id: number;
  user_id: string;
  gift_id: string;
  gift_name: string;
  count: number;
  coins: number;
  biggest: number;
  /** Sequence number of the event that gave `gift_name` (the latest wins). */
  name_seq: number;
}

/** The hot state `reduce` needs: per stream its stats and open session, and the combined stats. */
export interface AggregateState {
  streams: Map<string, StreamState>;
  combined: Stats;
}

export interface StreamState {
  stats: Stats;
  session: Session | null;
  /**
   * The stream's latest closed sessions, by id, newest first (at most `RECENT_SESSIONS`): the
   * ones a late event may join.
   */
  recent: Session[];
}

/**
 * What one batch changed. Stats and sessions carry full new values; rollups and viewer totals
 * carry increments that a store merges into what it has (sums add, min/max/last/first/last_seen
 * combine; the name with the higher `name_seq` wins), so a delta applies the same whatever batch
 * boundaries produced it.
 *
 * A viewer's activity inside a session goes to `sessionViewers`; a store writes each of those
 * rows both to the session's viewers and to the profile-wide totals, so the profile-wide totals
 * are a table of their own, never a sum over sessions at read time. `viewers` holds activity
 * outside any session (and of kinds no session counts), which goes to the profile-wide totals
 * alone.
 */
export interface Delta {
  events: number;
  stats: Map<string, Stats>;
  combined: Stats | null;
  sessions: Map<number, Session>;
  /** By stream, then minute. */
  rollups: Map<string, Map<number, Rollup>>;
  viewers: Map<string, ViewerTotals>;
  /** By session id, then user id. */
  sessionViewers: Map<number, Map<string, SessionViewerTotals>>;
  /** By session id, then `${user id}\u0000${gift id}`. */
  sessionGifts: Map<number, Map<string, SessionViewerGift>>;
}
