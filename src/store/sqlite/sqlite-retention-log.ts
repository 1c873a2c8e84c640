import type { StoredEvent } from '../../core/live-event.js';
import { EVENT_READ_COLUMNS, rowToEvent, type EventRow } from '../event-row.js';
import type { RetentionRange, RetentionRun, RetentionRunStart } from '../retention.port.js';
import type { SqliteDatabase } from './sqlite-database.js';

const RUN_COLUMNS =
  'id, started_at, finished_at, cutoff, from_seq, to_seq, events, deleted, archive, archive_bytes, archive_sha256, status';

/**
 * The log's side of retention (see RetentionStore), on the log thread: which events are due, the
 * rows an archive holds, the record of each run, and the deletion of its events a slice at a time
 * (each slice its own short transaction, so appends interleave).
 */
export class SqliteRetentionLog {
  constructor(private readonly db: SqliteDatabase) {}

  range(cutoff: number): RetentionRange | null {
    const bounds = this.db.prepare('SELECT min(seq) AS first, max(seq) AS last FROM events').get() as {
      first: number | null;
      last: number | null;
    };
    if (bounds.first === null || bounds.last === null) return null;
    // In seq order from the start: the scan stops at the first young event, after reading the
    // old ones (those a run archives anyway).
    const young = this.db
      .prepare('SELECT seq FROM events WHERE at >= ? ORDER BY seq LIMIT 1')
      .pluck()
      .get(cutoff) as number | undefined;
    const to = Math.min(young ?? bounds.last, bounds.last) - 1;
    if (to < bounds.first) return null;
    const events = this.db
      .prepare('SELECT count(*) FROM events WHERE seq BETWEEN ? AND ?')
      .pluck()
      .get(bounds.first, to) as number;
    return { from_seq: bounds.first, to_seq: to, events };
  }

  listForArchive(after: number, upTo: number, limit: number): StoredEvent[] {
    const rows = this.db
      .prepare(`SELECT ${EVENT_READ_COLUMNS} FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`)
      .all(after, upTo, limit) as EventRow[];
    return rows.map(rowToEvent);
  }

  begin(start: RetentionRunStart): RetentionRun {
    return this.db.transaction(() => {
      const open = this.db
        .prepare("SELECT count(*) FROM retention_runs WHERE status <> 'deleted' AND to_seq >= ? AND from_seq <= ?")
        .pluck()
        .get(start.from_seq, start.to_seq) as number;
      if (open > 0) {
        throw new Error(`an unfinished retention run holds events ${start.from_seq}-${start.to_seq}`);
      }
      const id = this.db
        .prepare(
          `INSERT INTO retention_runs (started_at, cutoff, from_seq, to_seq, events, archive, archive_bytes, archive_sha256, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'archived')`,
        )
        .run(
          start.started_at,
          start.cutoff,
          start.from_seq,
          start.to_seq,
          start.events,
          start.archive,
          start.archive_bytes,
          start.archive_sha256,
        ).lastInsertRowid;
      return this.get(Number(id))!;
    })();
  }

  /**
   * Deletes the oldest remaining events of run `id`, at most `limit` and none after `snapshotSeq`.
   * The run is `snapshotted` once the snapshot covers it and `deleted` once none are left.
   */
  deleteSlice(id: number, snapshotSeq: number, limit: number, at: number): number {
    return this.db.transaction(() => {
      const run = this.get(id);
      if (!run) throw new Error(`no retention run ${id}`);
      if (run.status === 'deleted') return 0;
      const upTo = Math.min(run.to_seq, snapshotSeq);
      if (upTo < run.to_seq) return 0;
      const deleted = this.db
        .prepare(
          'DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq LIMIT ?)',
        )
        .run(run.from_seq, upTo, limit).changes;
      const left = deleted < limit ? 0 : this.remaining(run.from_seq, upTo);
      this.db
        .prepare('UPDATE retention_runs SET deleted = deleted + ?, status = ?, finished_at = ? WHERE id = ?')
        .run(deleted, left === 0 ? 'deleted' : 'snapshotted', left === 0 ? at : null, id);
      return deleted;
    })();
  }

  list(limit: number): RetentionRun[] {
    return this.db
      .prepare(`SELECT ${RUN_COLUMNS} FROM retention_runs ORDER BY id DESC LIMIT ?`)
      .all(limit) as RetentionRun[];
  }

  private get(id: number): RetentionRun | undefined {
    return this.db.prepare(`SELECT ${RUN_COLUMNS} FROM retention_runs WHERE id = ?`).get(id) as
      RetentionRun | undefined;
  }

  private remaining(from: number, to: number): number {
    return this.db
      .prepare('SELECT count(*) FROM (SELECT 1 FROM events WHERE seq BETWEEN ? AND ? LIMIT 1)')
      .pluck()
      .get(from, to) as number;
  }
}
