import type { StoredEvent } from '../../core/live-event.js';
import { EVENT_READ_COLUMNS, rowToEvent, type EventRow } from '../event-row.js';
import type { RetentionRange, RetentionRun, RetentionRunStart } from '../retention.port.js';
import type { PgClient } from './postgres-pool.js';

const RUN_COLUMNS =
  'id, started_at, finished_at, cutoff, from_seq, to_seq, events, deleted, archive, archive_bytes, archive_sha256, status';

/**
 * The log's side of retention (see RetentionStore): which events are due, the rows an archive
 * holds, the record of each run, and the deletion of its events a slice at a time. Every method
 * runs on the caller's connection, inside a transaction scoped to the profile (see ProfileSchema).
 */
export class PostgresRetentionLog {
  /** The events a run with `cutoff` would remove (see RetentionStore.retentionRange); in one read. */
  async range(client: PgClient, cutoff: number): Promise<RetentionRange | null> {
    // Both ends of the primary key: two index probes.
    const { rows: bounds } = await client.query<{ first: number | null; last: number | null }>(
      'SELECT min(seq) AS first, max(seq) AS last FROM events',
    );
    const { first, last } = bounds[0]!;
    if (first === null || last === null) return null;
    // In seq order from the start, along the primary key: the scan stops at the first young event,
    // after reading the old ones (those a run archives anyway); with none old, at the first row.
    const { rows: young } = await client.query<{ seq: number }>(
      'SELECT seq FROM events WHERE at >= $1 ORDER BY seq LIMIT 1',
      [cutoff],
    );
    const to = Math.min(young[0]?.seq ?? last, last) - 1;
    if (to < first) return null;
    const { rows: counted } = await client.query<{ events: number }>(
      'SELECT count(*) AS events FROM events WHERE seq BETWEEN $1 AND $2',
      [first, to],
    );
    return { from_seq: first, to_seq: to, events: counted[0]!.events };
  }

  async listForArchive(client: PgClient, after: number, upTo: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await client.query<EventRow>(
      `SELECT ${EVENT_READ_COLUMNS} FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [after, upTo, limit],
    );
    return rows.map(rowToEvent);
  }

  /** Records a run; throws when an unfinished run holds part of its range. Under the append lock. */
  async begin(client: PgClient, start: RetentionRunStart): Promise<RetentionRun> {
    const { rows: open } = await client.query<{ n: number }>(
      "SELECT count(*) AS n FROM retention_runs WHERE status <> 'deleted' AND to_seq >= $1 AND from_seq <= $2",
      [start.from_seq, start.to_seq],
    );
    if (open[0]!.n > 0) {
      throw new Error(`an unfinished retention run holds events ${start.from_seq}-${start.to_seq}`);
    }
    const { rows } = await client.query<RetentionRun>(
      `INSERT INTO retention_runs (started_at, cutoff, from_seq, to_seq, events, archive, archive_bytes, archive_sha256, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'archived') RETURNING ${RUN_COLUMNS}`,
      [
        start.started_at,
        start.cutoff,
        start.from_seq,
        start.to_seq,
        start.events,
        start.archive,
        start.archive_bytes,
        start.archive_sha256,
      ],
    );
    return rows[0]!;
  }

  /**
   * Deletes the oldest remaining events of run `id`, at most `limit` and only once `snapshotSeq`
   * covers the whole run. The run is `snapshotted` while events are left and `deleted` once none
   * are. Short: one range of the primary key, under the append lock.
   */
  async deleteSlice(
    client: PgClient,
    id: number,
    snapshotSeq: number,
    limit: number,
    at: number,
  ): Promise<number> {
    const { rows } = await client.query<RetentionRun>(
      `SELECT ${RUN_COLUMNS} FROM retention_runs WHERE id = $1`,
      [id],
    );
    const run = rows[0];
    if (!run) throw new Error(`no retention run ${id}`);
    if (run.status === 'deleted' || snapshotSeq < run.to_seq) return 0;
    // The run's events deleted so far are its lowest seqs, each at least from_seq: every one left
    // is at or after from_seq + deleted. Starting there, the scan never walks over the index
    // entries of rows deleted by earlier slices (dead until vacuumed), so each slice costs the same.
    const start = run.from_seq + run.deleted;
    const deleted =
      (
        await client.query(
          'DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq BETWEEN $1 AND $2 ORDER BY seq LIMIT $3)',
          [start, run.to_seq, limit],
        )
      ).rowCount ?? 0;
    const left = deleted < limit ? false : await this.hasEvents(client, start + deleted, run.to_seq);
    await client.query(
      'UPDATE retention_runs SET deleted = deleted + $1, status = $2, finished_at = $3 WHERE id = $4',
      [deleted, left ? 'snapshotted' : 'deleted', left ? null : at, id],
    );
    return deleted;
  }

  /** The runs, newest first. */
  async list(client: PgClient, limit: number): Promise<RetentionRun[]> {
    const { rows } = await client.query<RetentionRun>(
      `SELECT ${RUN_COLUMNS} FROM retention_runs ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }

  private async hasEvents(client: PgClient, from: number, to: number): Promise<boolean> {
    const { rowCount } = await client.query('SELECT 1 FROM events WHERE seq BETWEEN $1 AND $2 LIMIT 1', [
      from,
      to,
    ]);
    return (rowCount ?? 0) > 0;
  }
}
