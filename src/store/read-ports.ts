import type { Rollup, Session, SessionViewerTotals, Stats, ViewerTotals } from '../core/aggregates.js';
import type { CounterField, Counters } from '../core/counters.js';
import type { StoredEvent } from '../core/live-event.js';

export interface SessionSummary extends Session {
  is_live: boolean;
  duration_ms: number;
  avg_viewers: number | null;
  unique_viewers: number;
  unique_chatters: number;
}

export interface StatsSnapshot {
  combined: Stats;
  streams: Record<string, Stats>;
}

/** Which sessions a leaderboard covers: one, those started in [from, to), or all activity ever. */
export type SessionScope = { session: number } | { from: number; to: number } | 'all';

export interface LeaderboardQuery {
  metric: CounterField;
  scope: SessionScope;
  limit: number;
}

/** One gift type a viewer gave. */
export interface GiftTotal {
  gift_id: string;
  gift_name: string;
  count: number;
  coins: number;
}

/** A viewer's totals over a scope, with the gifts behind them. */
export interface LeaderboardRow extends ViewerTotals {
  gift_types: GiftTotal[];
  /** The single gift event worth the most coins (a streak counts as one). */
  biggest_gift: { gift_id: string; gift_name: string; coins: number } | null;
}

export interface ViewerQuery {
  /** Part of the name or display name, case-insensitive. */
  search?: string;
  sort: CounterField | 'last_seen' | 'first_seen' | 'events';
  limit: number;
  offset: number;
}

/** A viewer's totals across the profile and how many sessions they took part in. */
export interface ViewerSummary extends ViewerTotals {
  sessions: number;
}

export interface RollupQuery {
  stream?: string;
  from: number;
  to: number;
  /** At most this many rows (the first by minute, then stream): a caller bounding its memory. */
  limit?: number;
}

/** A field of a rollup a read may ask for alone. */
export type RollupField = Exclude<keyof Rollup, 'minute' | 'stream'>;

export interface RollupColumnsQuery extends RollupQuery {
  fields: readonly RollupField[];
}

/**
 * Rollups as columns, in no particular order (a `limit` bounds how many, not which): index i of
 * every array is one rollup, a null field NaN. A read of months of minutes for a few fields costs
 * a fraction of whole rows.
 */
export interface RollupColumns {
  minute: Float64Array;
  stream: string[];
  values: Partial<Record<RollupField, Float64Array>>;
}

/** A stream's minute rollups summed over a quarter hour (peak times over months read these). */
export interface QuarterRollup extends Counters {
  /** The quarter hour's start (epoch ms, a multiple of 15 minutes). */
  quarter: number;
  stream: string;
  viewers_sum: number;
  viewers_n: number;
}

export interface SessionQuery {
  stream?: string;
  /** Only sessions that started before this time (epoch ms), for paging back. */
  before?: number;
  limit: number;
}

/** A page of the sessions started in `[from, to)` (epoch ms), after the cursor `after`. */
export interface StartedSessionsQuery {
  from: number;
  to: number;
  /** The last session of the previous page: the page starts after it. */
  after?: { started_at: number; id: number };
  limit: number;
}

/** A page of one session's viewers, by user id, those after `after`. */
export interface SessionViewersQuery {
  session: number;
  after?: string;
  limit: number;
}

/** What the live views and goals read: the stats, the recent triggers and activity totals. */
export interface StatsReads {
  getStats(): Promise<StatsSnapshot>;
  /** The latest `limit` trigger events not voided, newest first. */
  listRecentTriggers(limit: number): Promise<StoredEvent[]>;
  /**
   * Activity counters summed over every event of a stream (or all streams): since `since` (epoch
   * ms; minute resolution, from the rollups), or ever (from the sessions, which hold every
   * counted event).
   */
  activityTotals(query: { since?: number; stream?: string }): Promise<Counters>;
}

/** Sessions and their minute-by-minute rollups: the session list, reports and drivers. */
export interface SessionReads {
  listSessions(query: SessionQuery): Promise<SessionSummary[]>;
  /**
   * Sessions started in the query's range, oldest first (by start, then id), at most `limit`:
   * pass the last one back as `after` for the next page. Exports page through ranges with it.
   */
  listStartedSessions(query: StartedSessionsQuery): Promise<SessionSummary[]>;
  getSession(id: number): Promise<SessionSummary | null>;
  /** 1-minute rollups with `from <= minute < to` (epoch ms), of one stream or all, by minute then stream. */
  listRollups(query: RollupQuery): Promise<Rollup[]>;
  /** The rollups `listRollups` reads, as columns of the fields asked for (see `RollupColumns`). */
  rollupColumns(query: RollupColumnsQuery): Promise<RollupColumns>;
  /**
   * The quarter-hour rollups with `from <= quarter < to`, by quarter then stream: kept with the
   * minute rollups, a fifteenth of their rows.
   */
  listQuarterRollups(query: { from: number; to: number }): Promise<QuarterRollup[]>;
}

/** Who gave what over a scope. */
export interface LeaderboardReads {
  /** Viewers ranked by a counter over a scope, highest first; viewers with 0 are left out. */
  leaderboard(query: LeaderboardQuery): Promise<LeaderboardRow[]>;
}

/** The viewers of a profile and what each did. */
export interface ViewerReads {
  listViewers(query: ViewerQuery): Promise<{ viewers: ViewerSummary[]; total: number }>;
  getViewer(userId: string): Promise<ViewerSummary | null>;
  /** The sessions a viewer took part in, newest first, with what they did in each. */
  listViewerSessions(userId: string, limit: number): Promise<ViewerSessionEntry[]>;
  /**
   * What each viewer did in one session, by user id (in the engine's text order), at most `limit`
   * after `after`: every viewer with an event in it (none for an unknown session).
   */
  listSessionViewers(query: SessionViewersQuery): Promise<SessionViewerTotals[]>;
}

/** A session a viewer took part in, with what they did there. */
export type ViewerSessionEntry = SessionViewerTotals & { stream: string | null; started_at: number | null };

/** The log read back, page by page. */
export interface EventReads {
  /**
   * Events with `seq > after`, ascending, at most `limit`; a voided one carries `voided_by`. With
   * `maxBytes`, the page stops early (after its first event) once its events' text and data
   * would pass that many characters.
   */
  listEvents(after: number, limit: number, maxBytes?: number): Promise<StoredEvent[]>;
}
