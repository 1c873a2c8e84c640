import type { AggregateState, Session, Stats } from '../core/aggregates.js';
import { emptyState } from '../core/reduce.js';
import { emptyStats } from '../core/stats.js';
import { RECENT_SESSIONS } from '../core/recent-sessions.js';
import type { StatsSnapshot } from './ports.js';

/** The stats row key of the profile's combined stats, in both engines. */
export const COMBINED_KEY = '*';

/** A row of the `stats` table: one per stream, and the combined one. */
export type StatsRow = Stats & { stream: string };

/** Stats rows as the API shows them: combined, and by stream. */
export function statsSnapshot(rows: readonly StatsRow[]): StatsSnapshot {
  const streams: Record<string, Stats> = {};
  let combined = emptyStats();
  for (const { stream, ...s } of rows) {
    if (stream === COMBINED_KEY) combined = s;
    else streams[stream] = s;
  }
  return { combined, streams };
}

/**
 * The hot state as stored: the stats rows, the sessions still open, and each stream's latest
 * closed sessions (`RECENT_SESSIONS` by id at most, in any order; see `RECENT_SESSIONS_SQL`).
 */
export function stateFromRows(
  rows: readonly StatsRow[],
  openSessions: readonly Session[],
  recentClosed: readonly (Session & { recent_rank?: number })[] = [],
): AggregateState {
  const state = emptyState();
  const streamOf = (id: string) => {
    let s = state.streams.get(id);
    if (!s) state.streams.set(id, (s = { stats: emptyStats(), session: null, recent: [] }));
    return s;
  };
  for (const { stream, ...stats } of rows) {
    if (stream === COMBINED_KEY) state.combined = stats;
    else streamOf(stream).stats = stats;
  }
  for (const session of openSessions) streamOf(session.stream).session = session;
  for (const row of recentClosed) {
    const session = { ...row };
    delete session.recent_rank;
    streamOf(session.stream).recent.push(session);
  }
  for (const s of state.streams.values()) s.recent.sort((a, b) => b.id - a.id);
  return state;
}

/** Each stream's latest closed sessions, as the fold keeps them: the same SQL on both engines. */
export const RECENT_SESSIONS_SQL = `SELECT * FROM (
    SELECT s.*, row_number() OVER (PARTITION BY stream ORDER BY id DESC) AS recent_rank
    FROM sessions s WHERE ended_at IS NOT NULL
  ) ranked WHERE recent_rank <= ${RECENT_SESSIONS}`;
