import type { Session } from '../core/aggregates.js';
import type { SessionSummary } from './ports.js';

/** Adds the derived fields every engine reports for a session. */
export function toSessionSummary(
  row: Session & { unique_viewers: number; unique_chatters: number },
): SessionSummary {
  return {
    ...row,
    unique_viewers: Number(row.unique_viewers),
    unique_chatters: Number(row.unique_chatters),
    is_live: row.ended_at === null,
    duration_ms: (row.ended_at ?? row.last_event_at) - row.started_at,
    avg_viewers: row.viewers_n > 0 ? row.viewers_sum / row.viewers_n : null,
  };
}
