import { emptyDelta, emptyState, reduce, type ReduceOptions } from '../../core/reduce.js';
import type { AggregateState, Rollup, SessionViewerTotals } from '../../core/aggregates.js';
import type { Counters } from '../../core/counters.js';
import type { LiveEvent, StoredEvent } from '../../core/live-event.js';
import type {
  AggregateDump,
  LeaderboardQuery,
  LeaderboardRow,
  RollupQuery,
  SessionAnalysis,
  SessionQuery,
  SessionSummary,
  ViewerQuery,
  ViewerSummary,
} from '../ports.js';
import { SqliteAggregateBuffer, type AggregateFlushOptions } from './sqlite-aggregate-buffer.js';
import { SqliteAggregateReads } from './sqlite-aggregate-reads.js';
import { openSqliteDatabase, type SqliteDatabase, type SqliteSync } from './sqlite-database.js';
import { SqliteEventLog } from './sqlite-event-log.js';
import { SqliteViewerReads } from './sqlite-viewer-reads.js';

/** Log events read and folded at a time when catching up or rebuilding. */
const CHUNK = 20_000;
const AGGREGATE_TABLES = ['stats', 'sessions', 'rollups', 'viewers', 'session_viewers', 'session_viewer_gifts'];

export type ProfileFilesOptions = ReduceOptions &
  Omit<AggregateFlushOptions, 'onFlushError'> & {
    /** Of the log; the aggregate file is always `normal` (see `open`). */
    sync: SqliteSync;
  };

/** What an append answers: each event's seq (null for a duplicate) and the hot state after it. */
export interface AppendOutcome {
  seqs: (number | null)[];
  state: AggregateState;
}

type AnalysisRow = Omit<SessionAnalysis, 'result'> & { result: string };

/**
 * What the main thread may ask of a profile's files (see SqliteStorageThread): every method but
 * the lifecycle ones. Answers are copied across threads, so they are plain data.
 */
export type ProfileFilesOps = Omit<
  SqliteProfileFiles,
  'currentState' | 'setBudgets' | 'close' | 'catchUp'
>;

/**
 * One profile's two files, owned by the storage thread (ADR 0007): the event log, appended in one
 * transaction per batch, and the aggregates built from it and written behind it. A batch is folded
 * into one pending delta before its commit; the delta is written with the aggregates' watermark
 * (the last seq it covers) every few seconds, when enough events are pending, or before a read of
 * the aggregate tables, so reads always see every committed event. Opening the files folds in the
 * log after the watermark, so a crash loses nothing.
 */
export class SqliteProfileFiles {
  private state: AggregateState;
  /** The last log seq folded into `state` and the pending delta. */
  private folded: number;
  /** Events after `folded` are in the log (after a failure): fold them before anything else. */
  private behind = false;
  private readonly buffer: SqliteAggregateBuffer;
  private readonly reads: SqliteAggregateReads;
  private readonly viewerReads: SqliteViewerReads;
  private readonly log: SqliteEventLog;

  private constructor(
    private readonly logDb: SqliteDatabase,
    private readonly db: SqliteDatabase,
    private readonly options: ProfileFilesOptions,
    onFlushError: (err: unknown) => void,
  ) {
    this.buffer = new SqliteAggregateBuffer(db, { ...options, onFlushError });
    this.reads = new SqliteAggregateReads(db);
    this.viewerReads = new SqliteViewerReads(db);
    this.log = new SqliteEventLog(logDb);
    if (this.buffer.watermark > this.log.lastSeq()) this.wipe();
    this.state = this.reads.loadState();
    this.folded = this.buffer.watermark;
    this.catchUp();
  }

  /** Opens (creating if need be) a profile's log and aggregate files, the aggregates caught up. */
  static open(
    logFile: string,
    aggregatesFile: string,
    options: ProfileFilesOptions,
    onFlushError: (err: unknown) => void,
  ): SqliteProfileFiles {
    const logDb = openSqliteDatabase(logFile, 'profile', options.sync);
    let db: SqliteDatabase | null = null;
    try {
      // Always `normal`: a write lost to a power cut takes its watermark with it and is folded again.
      db = openSqliteDatabase(aggregatesFile, 'aggregates', 'normal');
      return new SqliteProfileFiles(logDb, db, options, onFlushError);
    } catch (err) {
      db?.close();
      logDb.close();
      throw err;
    }
  }

  /**
   * Stores the events whose source id is new for their stream, in one transaction, and folds them
   * into the aggregates before the commit (a batch that cannot be folded is not stored either).
   */
  append(events: readonly LiveEvent[]): AppendOutcome {
    if (this.behind) this.catchUp();
    let stored: StoredEvent[] = [];
    let state = this.state;
    try {
      const seqs = this.logDb.transaction(() => {
        const appended = this.log.appendAll(events);
        stored = appended.stored;
        if (stored.length > 0) state = reduce(this.state, stored, this.options, this.buffer.delta).state;
        return appended.seqs;
      })();
      // Only now may the pending delta be written: it holds this batch, which is committed.
      if (stored.length > 0) this.adopt(state, stored);
      return { seqs, state: this.state };
    } catch (err) {
      // Folded, then not committed: the pending delta holds part of a batch that is not stored.
      if (stored.length > 0) this.restart();
      throw err;
    }
  }

  /** Stats and open sessions as of everything folded. */
  currentState(): AggregateState {
    return this.state;
  }

  /** Folds in the log's events after the last one folded (those a crash left unwritten). */
  catchUp(): void {
    try {
      for (let chunk = this.log.listForFold(this.folded, CHUNK); chunk.length > 0; ) {
        this.adopt(reduce(this.state, chunk, this.options, this.buffer.delta).state, chunk);
        chunk = this.log.listForFold(this.folded, CHUNK);
      }
      this.behind = false;
    } catch (err) {
      this.restart();
      throw err;
    }
  }

  listEvents(after: number, limit: number): StoredEvent[] {
    return this.log.list(after, limit);
  }

  listRecentTriggers(limit: number): StoredEvent[] {
    return this.log.recentTriggers(limit);
  }

  listSessions(query: SessionQuery): SessionSummary[] {
    this.written();
    return this.reads.listSessions(query);
  }

  getSession(id: number): SessionSummary | null {
    this.written();
    return this.reads.getSession(id);
  }

  listRollups(query: RollupQuery): Rollup[] {
    this.written();
    return this.reads.listRollups(query);
  }

  /** From the tables plus what is pending, without writing it (the goal watch asks after every commit). */
  activityTotals(query: { since?: number; stream?: string }): Counters {
    if (this.behind) this.catchUp();
    return this.reads.activityTotals(query, this.buffer.unwritten);
  }

  leaderboard(query: LeaderboardQuery): LeaderboardRow[] {
    this.written();
    return this.viewerReads.leaderboard(query);
  }

  listViewers(query: ViewerQuery): { viewers: ViewerSummary[]; total: number } {
    this.written();
    return this.viewerReads.listViewers(query);
  }

  getViewer(userId: string): ViewerSummary | null {
    this.written();
    return this.viewerReads.getViewer(userId);
  }

  listViewerSessions(userId: string, limit: number): SessionViewerTotals[] {
    this.written();
    return this.viewerReads.listViewerSessions(userId, limit);
  }

  dumpAggregates(): AggregateDump {
    this.written();
    return this.reads.dump();
  }

  putSessionAnalysis(analysis: SessionAnalysis): null {
    this.logDb
      .prepare(
        'INSERT OR REPLACE INTO session_analyses (session_id, kind, computed_at, result) VALUES (?, ?, ?, ?)',
      )
      .run(analysis.session_id, analysis.kind, analysis.computed_at, JSON.stringify(analysis.result));
    return null;
  }

  getSessionAnalysis(sessionId: number, kind: string): SessionAnalysis | null {
    const row = this.logDb
      .prepare('SELECT * FROM session_analyses WHERE session_id = ? AND kind = ?')
      .get(sessionId, kind) as AnalysisRow | undefined;
    return row ? toAnalysis(row) : null;
  }

  listSessionAnalyses(kind: string, limit: number): SessionAnalysis[] {
    const rows = this.logDb
      .prepare('SELECT * FROM session_analyses WHERE kind = ? ORDER BY session_id DESC LIMIT ?')
      .all(kind, limit) as AnalysisRow[];
    return rows.map(toAnalysis);
  }

  /** Writes what is pending; nothing to answer. */
  flush(): null {
    this.written();
    return null;
  }

  /** Builds every aggregate again from the whole log; the events folded and the new state. */
  rebuild(): { events: number; state: AggregateState } {
    // Written first, so that a rebuild that fails leaves the tables as complete as before.
    this.written();
    const { events, state, after } = this.db.transaction(() => {
      for (const t of AGGREGATE_TABLES) this.db.exec(`DELETE FROM ${t}`);
      let state = emptyState();
      let after = 0;
      let events = 0;
      for (let chunk = this.log.listForFold(after, CHUNK); chunk.length > 0; ) {
        const next = reduce(state, chunk, this.options);
        after = chunk[chunk.length - 1]!.seq;
        this.buffer.writeNow(next.delta, after);
        state = next.state;
        events += chunk.length;
        chunk = this.log.listForFold(after, CHUNK);
      }
      this.buffer.writeNow(emptyDelta(), after);
      return { events, state, after };
    })();
    this.buffer.committed(after);
    this.state = state;
    this.folded = after;
    return { events, state };
  }

  /** Page cache and checkpoint interval: the share of the aggregates, a quarter of it for the log. */
  setBudgets(cacheKiB: number, walPages: number): void {
    // The log is appended at its end and read by recent seq: a quarter of the share is plenty.
    this.logDb.pragma(`cache_size = -${Math.max(1024, Math.round(cacheKiB / 4))}`);
    this.logDb.pragma(`wal_autocheckpoint = ${walPages}`);
    this.db.pragma(`cache_size = -${cacheKiB}`);
    this.db.pragma(`wal_autocheckpoint = ${walPages}`);
  }

  /** The page cache (KiB) of the log and of the aggregates, and their checkpoint interval (pages). */
  budgets(): { logCacheKiB: number; cacheKiB: number; walPages: number } {
    const kib = (db: SqliteDatabase) => -Number(db.pragma('cache_size', { simple: true }));
    return {
      logCacheKiB: kib(this.logDb),
      cacheKiB: kib(this.db),
      walPages: Number(this.db.pragma('wal_autocheckpoint', { simple: true })),
    };
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

  /** Brings the aggregate tables up to the log: what a read of them needs first. */
  private written(): void {
    if (this.behind) this.catchUp();
    this.buffer.flush();
  }

  /** Takes the state after `events`, folded into the pending delta, which may now be written. */
  private adopt(state: AggregateState, events: readonly StoredEvent[]): void {
    this.state = state;
    this.folded = events[events.length - 1]!.seq;
    this.buffer.folded(events.length, this.folded);
  }

  /**
   * Drops what is pending and takes the state from the tables again, to fold the log after the
   * watermark before the next batch. Used when a fold may have left the pending delta half-changed.
   */
  private restart(): void {
    this.buffer.discard();
    this.state = this.reads.loadState();
    this.folded = this.buffer.watermark;
    this.behind = true;
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

const toAnalysis = (row: AnalysisRow): SessionAnalysis => ({
  ...row,
  result: JSON.parse(row.result) as unknown,
});
