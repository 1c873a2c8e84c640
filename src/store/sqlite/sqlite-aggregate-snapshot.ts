import { existsSync } from 'node:fs';
import { emptyState, reduce, type ReduceOptions } from '../../core/reduce.js';
import type { AggregateState } from '../../core/aggregates.js';
import { SqliteAggregateReads } from './sqlite-aggregate-reads.js';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
import { SqliteDeltaWriter } from './sqlite-delta-writer.js';
import type { SqliteEventLog } from './sqlite-event-log.js';
import { RollupDayCache } from './rollup-day-cache.js';
import { AGGREGATE_TABLES } from '../aggregate-tables.js';

/**
 * A profile's aggregates as of the retention boundary (docs/adr/0025), in a file of its own beside
 * the log (`<profile>.snapshot.db`, the schema of the aggregates file, its watermark the seq it is
 * taken at). It holds what the events retention deleted contributed, so it is kept as durably as
 * the log (`synchronous=FULL`). It only moves forward: a run folds the events it is about to delete
 * into it, from the log, before they are deleted. Owned by the aggregates thread.
 */
export class SqliteAggregateSnapshot {
  private db: SqliteDatabase | null = null;
  private seqNow: number;

  constructor(
    private readonly file: string,
    private readonly log: SqliteEventLog,
    private readonly options: ReduceOptions,
  ) {
    // A profile that never ran retention has no snapshot file: nothing to open until it does.
    this.seqNow = existsSync(file) ? this.open().prepare(WATERMARK_SQL).pluck().get() as number : 0;
  }

  /** The log seq the snapshot is taken at (0: none, the log is whole). */
  get seq(): number {
    return this.seqNow;
  }

  /**
   * Folds the log's events after the snapshot, at most `maxEvents` of them and none after `upTo`,
   * into the snapshot, in one transaction; the snapshot's seq after it. Folds from the state the
   * snapshot's tables hold, as a reopened profile folds from its aggregate tables.
   */
  advance(upTo: number, maxEvents: number, chunk: number): number {
    if (upTo <= this.seqNow) return this.seqNow;
    const db = this.open();
    const writer = new SqliteDeltaWriter(db);
    const reads = new SqliteAggregateReads(db, new RollupDayCache());
    const next = db.transaction(() => {
      let state: AggregateState = this.seqNow === 0 ? emptyState() : reads.loadState();
      let after = this.seqNow;
      let folded = 0;
      while (folded < maxEvents) {
        const want = Math.min(chunk, maxEvents - folded);
        const due = this.log.listForFold(after, want).filter((e) => e.seq <= upTo);
        if (due.length > 0) {
          const step = reduce(state, due, this.options);
          writer.write(step.delta);
          state = step.state;
          folded += due.length;
          after = due[due.length - 1]!.seq;
        }
        // Fewer than asked: every event up to `upTo` left unfolded is voided, or there is none.
        if (due.length < want) {
          after = upTo;
          break;
        }
      }
      db.prepare('UPDATE aggregate_watermark SET seq = ? WHERE id = 1').run(after);
      return after;
    })();
    this.seqNow = next;
    // Written a few times a day: copied into the file at once, the WAL left empty.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return next;
  }

  /**
   * Runs `build` with the snapshot attached to the aggregates database `target`; `copy` (called
   * inside `build`'s transaction, after it emptied the tables) copies the snapshot's tables into
   * `target`'s: the start of a rebuild. Must be called outside a transaction of `target`'s
   * (attaching cannot be done inside one).
   */
  attachedTo<T>(target: SqliteDatabase, build: (copy: () => void) => T): T {
    target.prepare('ATTACH DATABASE ? AS snapshot').run(this.file);
    try {
      return build(() => {
        for (const table of AGGREGATE_TABLES) {
          target.exec(`INSERT INTO main.${table} SELECT * FROM snapshot.${table}`);
        }
      });
    } finally {
      target.exec('DETACH DATABASE snapshot');
    }
  }

  close(): void {
    if (this.db?.open) this.db.close();
    this.db = null;
  }

  private open(): SqliteDatabase {
    return (this.db ??= openSqliteDatabase(this.file, 'aggregates', 'full'));
  }
}

const WATERMARK_SQL = 'SELECT seq FROM aggregate_watermark WHERE id = 1';
