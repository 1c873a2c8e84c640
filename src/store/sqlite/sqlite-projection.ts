import Database from 'better-sqlite3';
import { emptyDelta, emptyState, reduce, type ReduceOptions } from '../../core/reduce.js';
import type { AggregateState, Rollup, SessionViewerTotals } from '../../core/aggregates.js';
import type { StoredEvent } from '../../core/live-event.js';
import type { Counters } from '../../core/counters.js';
import type {
  AggregateDump,
  LeaderboardQuery,
  LeaderboardRow,
  RollupQuery,
  SessionQuery,
  SessionSummary,
  ViewerQuery,
  ViewerSummary,
} from '../ports.js';
import { SqliteAggregateBuffer, type AggregateFlushOptions } from './sqlite-aggregate-buffer.js';
import { SqliteAggregateReads } from './sqlite-aggregate-reads.js';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
import { SqliteEventLog } from './sqlite-event-log.js';
import { SqliteViewerReads } from './sqlite-viewer-reads.js';

/** Log events read and folded at a time. */
const CHUNK = 20_000;
const AGGREGATE_TABLES = ['stats', 'sessions', 'rollups', 'viewers', 'session_viewers', 'session_viewer_gifts'];

export type ProjectionOptions = ReduceOptions & Omit<AggregateFlushOptions, 'onFlushError'>;

/**
 * The reads a projection answers, each after folding in the log up to the seq the caller
 * committed last: what the main thread's store asks for (see SqliteProjector).
 */
export interface ProjectionReads {
  listSessions(query: SessionQuery): SessionSummary[];
  getSession(id: number): SessionSummary | null;
  listRollups(query: RollupQuery): Rollup[];
  activityTotals(query: { since?: number; stream?: string }): Counters;
  leaderboard(query: LeaderboardQuery): LeaderboardRow[];
  listViewers(query: ViewerQuery): { viewers: ViewerSummary[]; total: number };
  getViewer(userId: string): ViewerSummary | null;
  listViewerSessions(userId: string, limit: number): SessionViewerTotals[];
  dumpAggregates(): AggregateDump;
  /** Writes what is pending; nothing to answer. */
  flush(): null;
  /** Builds every aggregate again from the whole log; the events folded and the new state. */
  rebuild(): { events: number; state: AggregateState };
}

/**
 * One profile's aggregates, built from its event log and written behind it into a file of their
 * own (ADR 0007). Runs on the projector thread: the main thread appends to the log and says how
 * far it got; this folds the new events in (the same `reduce` as a rebuild) and writes the result
 * every few seconds, or before a read. The aggregate file records how far into the log it is
 * written (the watermark), so opening it after a crash folds in the rest and loses nothing.
 */
export class SqliteProjection implements ProjectionReads {
  private state: AggregateState;
  /** The last log seq folded into `state` and the pending delta. */
  private folded: number;
  private readonly buffer: SqliteAggregateBuffer;
  private readonly reads: SqliteAggregateReads;
  private readonly viewerReads: SqliteViewerReads;
  private readonly log: SqliteEventLog;

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly logDb: SqliteDatabase,
    private readonly options: ProjectionOptions,
    onFlushError: (err: unknown) => void,
  ) {
    this.buffer = new SqliteAggregateBuffer(db, { ...options, onFlushError });
    this.reads = new SqliteAggregateReads(db);
    this.viewerReads = new SqliteViewerReads(db);
    this.log = new SqliteEventLog(logDb);
    if (this.buffer.watermark > this.lastLogSeq()) this.wipe();
    this.state = this.reads.loadState();
    this.folded = this.buffer.watermark;
    this.catchUp();
  }

  /** Opens (creating if need be) the aggregate file of the log at `logFile`, folded up to the log's end. */
  static open(
    logFile: string,
    aggregatesFile: string,
    options: ProjectionOptions,
    onFlushError: (err: unknown) => void,
  ): SqliteProjection {
    // Always `normal`: a write lost to a power cut takes its watermark with it and is folded again.
    const db = openSqliteDatabase(aggregatesFile, 'aggregates', 'normal');
    const logDb = new Database(logFile, { readonly: true });
    try {
      return new SqliteProjection(db, logDb, options, onFlushError);
    } catch (err) {
      db.close();
      logDb.close();
      throw err;
    }
  }

  /** Stats and open sessions as of everything folded. */
  currentState(): AggregateState {
    return this.state;
  }

  /**
   * Folds in the log's events after the last one folded: up to its end, which is at least `seq`
   * when the caller committed `seq`.
   */
  catchUp(seq = Number.MAX_SAFE_INTEGER): void {
    if (this.folded >= seq) return;
    this.folding(() => this.foldLogAfter(this.folded));
  }

  /**
   * Folds events the main thread committed, in seq order, as it sent them. Those already folded
   * are skipped; when some are missing before them (this thread was restarted meanwhile), the log
   * is read instead.
   */
  foldCommitted(events: readonly StoredEvent[]): void {
    const first = events.findIndex((e) => e.seq > this.folded);
    if (first < 0) return;
    if (events[first]!.seq !== this.folded + 1) return this.catchUp();
    const fresh = first === 0 ? events : events.slice(first);
    this.folding(() => this.fold(fresh));
  }

  /**
   * Runs a fold; one that throws leaves the pending delta half-changed: it is dropped and
   * everything after the watermark is folded again on the next call.
   */
  private folding(run: () => void): void {
    try {
      run();
    } catch (err) {
      this.buffer.discard();
      this.state = this.reads.loadState();
      this.folded = this.buffer.watermark;
      throw err;
    }
  }

  listSessions(query: SessionQuery): SessionSummary[] {
    this.buffer.flush();
    return this.reads.listSessions(query);
  }

  getSession(id: number): SessionSummary | null {
    this.buffer.flush();
    return this.reads.getSession(id);
  }

  listRollups(query: RollupQuery): Rollup[] {
    this.buffer.flush();
    return this.reads.listRollups(query);
  }

  /** From the tables plus what is pending, without writing it (the goal watch asks after every commit). */
  activityTotals(query: { since?: number; stream?: string }): Counters {
    return this.reads.activityTotals(query, this.buffer.unwritten);
  }

  leaderboard(query: LeaderboardQuery): LeaderboardRow[] {
    this.buffer.flush();
    return this.viewerReads.leaderboard(query);
  }

  listViewers(query: ViewerQuery): { viewers: ViewerSummary[]; total: number } {
    this.buffer.flush();
    return this.viewerReads.listViewers(query);
  }

  getViewer(userId: string): ViewerSummary | null {
    this.buffer.flush();
    return this.viewerReads.getViewer(userId);
  }

  listViewerSessions(userId: string, limit: number): SessionViewerTotals[] {
    this.buffer.flush();
    return this.viewerReads.listViewerSessions(userId, limit);
  }

  dumpAggregates(): AggregateDump {
    this.buffer.flush();
    return this.reads.dump();
  }

  flush(): null {
    this.buffer.flush();
    return null;
  }

  rebuild(): { events: number; state: AggregateState } {
    // Written first, so that a rebuild that fails leaves the tables as complete as before.
    this.buffer.flush();
    const { events, state, after } = this.db.transaction(() => {
      for (const t of AGGREGATE_TABLES) this.db.exec(`DELETE FROM ${t}`);
      let state = emptyState();
      let after = 0;
      let events = 0;
      for (let chunk = this.log.listForFold(after, CHUNK); chunk.length > 0; chunk = this.log.listForFold(after, CHUNK)) {
        const next = reduce(state, chunk, this.options);
        after = chunk[chunk.length - 1]!.seq;
        this.buffer.writeNow(next.delta, after);
        state = next.state;
        events += chunk.length;
      }
      this.buffer.writeNow(emptyDelta(), after);
      return { events, state, after };
    })();
    this.buffer.committed(after);
    this.state = state;
    this.folded = after;
    return { events, state };
  }

  setBudgets(cacheKiB: number, walPages: number): void {
    this.db.pragma(`cache_size = -${cacheKiB}`);
    this.db.pragma(`wal_autocheckpoint = ${walPages}`);
  }

  /** Closes both files; with `flush`, writes what is pending first. */
  close(flush: boolean): void {
    try {
      if (flush && this.db.open) this.buffer.flush();
    } finally {
      this.buffer.discard();
      if (this.db.open) this.db.close();
      if (this.logDb.open) this.logDb.close();
    }
  }

  private foldLogAfter(after: number): void {
    for (let chunk = this.log.listForFold(after, CHUNK); chunk.length > 0; chunk = this.log.listForFold(after, CHUNK)) {
      this.fold(chunk);
      after = this.folded;
    }
  }

  private fold(events: readonly StoredEvent[]): void {
    this.state = reduce(this.state, events, this.options, this.buffer.delta).state;
    this.folded = events[events.length - 1]!.seq;
    this.buffer.folded(events.length, this.folded);
  }

  private lastLogSeq(): number {
    const row = this.logDb.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events').get() as { seq: number };
    return row.seq;
  }

  /** The aggregates are ahead of the log (a restored or older log file): start them over. */
  private wipe(): void {
    this.db.transaction(() => {
      for (const t of AGGREGATE_TABLES) this.db.exec(`DELETE FROM ${t}`);
      this.buffer.writeNow(emptyDelta(), 0);
    })();
    this.buffer.committed(0);
  }
}
