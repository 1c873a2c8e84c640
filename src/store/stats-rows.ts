import type { AggregateState, Session, Stats } from '../core/aggregates.js';
import { emptyState } from '../core/reduce.js';
import { emptyStats } from '../core/stats.js';
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

/** The hot state as stored: the stats rows, and the sessions still open. */
export function stateFromRows(rows: readonly StatsRow[], openSessions: readonly Session[]): AggregateState {
  const state = emptyState();
  for (const { stream, ...stats } of rows) {
    if (stream === COMBINED_KEY) state.combined = stats;
    else state.streams.set(stream, { stats, session: null });
  }
  for (const session of openSessions) {
    const s = state.streams.get(session.stream) ?? { stats: emptyStats(), session: null };
    s.session = session;
    state.streams.set(session.stream, s);
  }
  return state;
}
