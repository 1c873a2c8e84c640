import type { AggregateState, Session } from '../../core/aggregates.js';
import { RECENT_SESSIONS_SQL, stateFromRows, type StatsRow } from '../stats-rows.js';
import type { PgClient } from './postgres-pool.js';

/**
 * The hot state as stored: stats rows, open sessions and the latest closed ones, from the
 * aggregate tables `client`'s search_path names (the profile's, or its snapshot's).
 */
export async function loadState(client: PgClient): Promise<AggregateState> {
  const stats = await client.query<StatsRow>('SELECT * FROM stats');
  const open = await client.query<Session>('SELECT * FROM sessions WHERE ended_at IS NULL');
  const recent = await client.query<Session>(RECENT_SESSIONS_SQL);
  return stateFromRows(stats.rows, open.rows, recent.rows);
}
