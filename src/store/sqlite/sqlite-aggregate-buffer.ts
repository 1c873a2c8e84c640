import { emptyDelta } from '../../core/reduce.js';
import type { Delta } from '../../core/aggregates.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { SqliteDeltaWriter } from './sqlite-delta-writer.js';

/** When aggregates kept behind the log are written. */
export interface AggregateFlushOptions {
  /** Events folded in memory after which the aggregates are written at the next append. */
  flushEvents: number;
  /**
   * The same while the aggregates are being read (a read in the last `READS_RECENT_MS`): every
   * read writes what is pending first, so a smaller pending delta is a shorter wait for it.
   */
  readFlushEvents: number;
  /** Longest time (ms) the aggregate tables may lag the log. */
  flushDelayMs: number;
  /** Told about a failed write made in the background (the delta stays pending and is retried). */
  onFlushError: (err: unknown) => void;
  /** Told of the rollups of each delta as it is written (in its transaction). */
  onRollupsWritten?: (rollups: Delta['rollups']) => void;
}

/**
 * The aggregates of the events committed since the last write, folded into one Delta, and the
 * log's seq up to which the aggregate tables are written (the watermark, stored with them).
 * Writing one delta every few seconds instead of one per batch writes each hot row (a busy
 * viewer, the current minute) once instead of once per batch. Nothing is lost in a crash: the log
 * holds every event after the watermark, and the store folds them in again when it opens.
 */
/** How long after a read the aggregates count as being read (see `readFlushEvents`). */
export const READS_RECENT_MS = 30_000;

export class SqliteAggregateBuffer {
  private pending: Delta | null = null;
  private pendingEvents = 0;
  private pendingSeq = 0;
  private timer: NodeJS.Timeout | null = null;
  /** `performance.now()` of the last read (-Infinity: none yet). */
  private lastRead = -Infinity;
  private readonly writer: SqliteDeltaWriter;
  private readonly setWatermark;
  /** The seq up to which the aggregate tables are written. */
  watermark: number;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: AggregateFlushOptions,
  ) {
    this.writer = new SqliteDeltaWriter(db);
    this.setWatermark = db.prepare('UPDATE aggregate_watermark SET seq = ? WHERE id = 1');
    const row = db.prepare('SELECT seq FROM aggregate_watermark WHERE id = 1').get() as
      { seq: number } | undefined;
    if (!row) throw new Error('profile database has no aggregate watermark');
    this.watermark = row.seq;
  }

  /** The delta not yet written (null when the tables are up to date). Read only. */
  get unwritten(): Readonly<Delta> | null {
    return this.pending;
  }

  /** The delta the next batch is folded into (see `reduce`). */
  get delta(): Delta {
    return (this.pending ??= emptyDelta());
  }

  /**
   * Records that a batch of `events` up to `lastSeq` was folded into `delta` and committed.
   * Writes at once when enough events are pending (a failure is reported, not thrown: the
   * events are committed either way), else makes sure a timed write is scheduled.
   */
  folded(events: number, lastSeq: number): void {
    this.pendingEvents += events;
    this.pendingSeq = lastSeq;
    if (this.pendingEvents >= this.flushThreshold()) this.flushInBackground();
    else this.schedule();
  }

  /**
   * Notes a read of the tables (see `readFlushEvents`) and, when it needs them (`write`), writes
   * what is pending. Throws if the write fails.
   */
  flushForRead(write = true): void {
    this.lastRead = performance.now();
    if (write) this.flush();
  }

  /** Writes the pending delta and the watermark in one transaction. Throws if the write fails. */
  flush(): void {
    const pending = this.pending;
    if (!pending) return;
    this.db.transaction(() => {
      this.writer.write(pending);
      this.options.onRollupsWritten?.(pending.rollups);
      this.setWatermark.run(this.pendingSeq);
    })();
    this.watermark = this.pendingSeq;
    this.pending = null;
    this.pendingEvents = 0;
    this.cancelTimer();
  }

  /**
   * Writes `delta` straight to the tables with the watermark, inside the caller's transaction
   * (a rebuild): nothing may be pending.
   */
  writeNow(delta: Delta, lastSeq: number): void {
    if (this.pending) throw new Error('cannot write around a pending delta');
    this.writer.write(delta);
    this.options.onRollupsWritten?.(delta.rollups);
    this.setWatermark.run(lastSeq);
  }

  /** Confirms a `writeNow` once its transaction committed. */
  committed(lastSeq: number): void {
    this.watermark = lastSeq;
  }

  /**
   * Forgets what is pending without writing it: the database is being closed for good, or the
   * delta holds part of a batch that failed (the store then folds the log in again).
   */
  discard(): void {
    this.pending = null;
    this.pendingEvents = 0;
    this.cancelTimer();
  }

  private flushThreshold(): number {
    const reading = performance.now() - this.lastRead < READS_RECENT_MS;
    return reading
      ? Math.min(this.options.readFlushEvents, this.options.flushEvents)
      : this.options.flushEvents;
  }

  private flushInBackground(): void {
    try {
      this.flush();
    } catch (err) {
      this.options.onFlushError(err);
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.timer || !this.pending) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.db.open) this.flushInBackground();
    }, this.options.flushDelayMs);
    // Pending aggregates never keep the process alive: they are rebuilt from the log if need be.
    this.timer.unref();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
