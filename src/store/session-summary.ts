import type { Session } from '../core/aggregates.js';
import type { SessionSummary } from './ports.js';

/** A session row with how many viewers took part and how many of them chatted. */
export type CountedSession = Session & { unique_viewers: number; unique_chatters: number };

/** Sessions with their viewer and chatter counts (kept as viewer rows are written), in both engines' SQL. */
export const SESSION_SELECT = `SELECT s.*, coalesce(c.viewers, 0) AS unique_viewers,
  coalesce(c.chatters, 0) AS unique_chatters
  FROM sessions s LEFT JOIN session_viewer_counts c ON c.session_id = s.id`;

/** Adds the derived fields every engine reports for a session. */
export function toSessionSummary(row: CountedSession): SessionSummary {
  return {
    ...row,
    unique_viewers: Number(row.unique_viewers),
    unique_chatters: Number(row.unique_chatters),
    is_live: row.ended_at === null,
    duration_ms: (row.ended_at ?? row.last_event_at) - row.started_at,
    avg_viewers: row.viewers_n > 0 ? row.viewers_sum / row.viewers_n : null,
  };
}
