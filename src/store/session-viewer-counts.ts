import type { Session } from '../core/aggregates.js';
import type { SessionSummary } from './read-ports.js';
import { toSessionSummary } from './session-summary.js';

/** How many viewers took part in a session, and how many of them chatted. */
export interface ViewerCounts {
  unique_viewers: number;
  unique_chatters: number;
}

/** A session row with what tells whether its viewer rows changed (an engine's row version). */
export type VersionedSession = Session & { version: string };

/** Closed sessions whose counts are kept; the earliest remembered go first past it. */
const MAX_REMEMBERED = 4096;

/**
 * The viewer and chatter counts of sessions, which take a pass over every viewer row of a
 * session: a closed session's are kept while its version holds (a late event or a fold of the
 * log again changes it), so a list of sessions counts only the open ones and those not seen yet.
 */
export class SessionViewerCounts {
  private readonly kept = new Map<number, ViewerCounts & { version: string }>();

  /** The sessions among `rows` whose counts must be read. */
  missing(rows: readonly VersionedSession[]): number[] {
    return rows
      .filter((r) => r.ended_at === null || this.kept.get(r.id)?.version !== r.version)
      .map((r) => r.id);
  }

  /**
   * The rows as summaries, with the counts kept or those of the `missing` sessions read now
   * (`counted`: a row per session that has viewers).
   */
  summaries(
    rows: readonly VersionedSession[],
    missing: readonly number[],
    counted: readonly (ViewerCounts & { session_id: number })[],
  ): SessionSummary[] {
    const fresh = new Map<number, ViewerCounts>(
      missing.map((id) => [id, { unique_viewers: 0, unique_chatters: 0 }]),
    );
    for (const c of counted) {
      fresh.set(Number(c.session_id), {
        unique_viewers: Number(c.unique_viewers),
        unique_chatters: Number(c.unique_chatters),
      });
    }
    return rows.map(({ version, ...row }) => {
      const now = fresh.get(row.id);
      if (now && row.ended_at !== null) this.keep(row.id, { ...now, version });
      return toSessionSummary({ ...row, ...(now ?? this.kept.get(row.id)!) });
    });
  }

  /** Forgets every count (the aggregates are being built again). */
  clear(): void {
    this.kept.clear();
  }

  private keep(id: number, counts: ViewerCounts & { version: string }): void {
    this.kept.delete(id);
    this.kept.set(id, counts);
    if (this.kept.size > MAX_REMEMBERED) this.kept.delete(this.kept.keys().next().value!);
  }
}
