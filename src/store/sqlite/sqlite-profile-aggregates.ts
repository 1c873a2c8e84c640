import Database from 'better-sqlite3';
import { emptyDelta, emptyState, reduce, type ReduceOptions } from '../../core/reduce.js';
import type { AggregateState, Delta, Rollup, SessionViewerTotals } from '../../core/aggregates.js';
import type { Counters } from '../../core/counters.js';
import type { StoredEvent } from '../../core/live-event.js';
import type {
  AggregateDump,
  LeaderboardQuery,
  LeaderboardRow,
  QuarterRollup,
  RollupColumns,
  RollupColumnsQuery,
  RollupQuery,
  SessionQuery,
  SessionScope,
  SessionSummary,
  SessionViewersQuery,
  StartedSessionsQuery,
  ViewerQuery,
  ViewerSessionEntry,
  ViewerSummary,
} from '../ports.js';
import { QUARTER_MS } from '../quarter-rollups.js';
import { SqliteAggregateBuffer, type AggregateFlushOptions } from './sqlite-aggregate-buffer.js';
import { SqliteAggregateReads } from './sqlite-aggregate-reads.js';
import { openSqliteDatabase, setPageBudget, type SqliteDatabase } from './sqlite-database.js';
import { SqliteEventLog } from './sqlite-event-log.js';
import { SqliteAggregateSnapshot } from './sqlite-aggregate-snapshot.js';
import { snapshotFileOf } from './profile-files.js';
import { SqliteRetentionLog } from './sqlite-retention-log.js';
import type { RetentionRange } from '../retention.port.js';
import { AGGREGATE_TABLES } from '../aggregate-tables.js';
import { SqliteViewerReads } from './sqlite-viewer-reads.js';
import { RollupDayCache } from './rollup-day-cache.js';

/** Page cache of the log reader (KiB). */
const LOG_READER_CACHE_KIB = 256;

/** Log events read and folded at a time when catching up or rebuilding. */
const CHUNK = 20_000;
/** Events folded into the aggregates snapshot per transaction of a retention run. */
const SNAPSHOT_CHUNK = 5_000;

/** Whether a void is among `events`: then the whole log is folded again (see `rebuild`). */
const hasVoid = (events: readonly StoredEvent[]) => events.some((e) => e.kind === 'void');

export type ProfileAggregatesOptions = ReduceOptions &
  Omit<AggregateFlushOptions, 'onFlushError' | 'onRollupsWritten'>;

/**
 * What the main thread may ask of a profile's aggregates (see SqliteStorage); each is answered
 * after folding in the log up to the seq the main thread last saw committed.
 */
export type ProfileAggregatesOps = Pick<
  SqliteProfileAggregates,
  | 'listSessions'
  | 'listStartedSessions'
  | 'getSession'
  | 'listRollups'
  | 'rollupColumns'
  | 'listQuarterRollups'
  | 'activityTotals'
  | 'leaderboard'
  | 'listViewers'
  | 'getViewer'
  | 'listViewerSessions'
  | 'listSessionViewers'
  | 'dumpAggregates'
  | 'flush'
  | 'rebuild'
  | 'snapshotSeq'
  | 'advanceSnapshot'
  | 'retentionRange'
  | 'listEventsForArchive'
  | 'currentState'
  | 'budgets'
>;

/**
 * One profile's aggregates, owned by the aggregates thread (ADR 0007) and built from its event log:
 * the log thread forwards what it commits, and this folds it into one pending delta (rows of busy
 * viewers and of the current minute are updated in memory) and writes it with the watermark (the
 * last seq it covers) every few seconds, when enough events are pending, or before a read of the
 * aggregate tables. Whatever did not arrive (a restart, a read that overtook the forwarding) is
 * read from the log, so reads see every committed event and a crash loses nothing.
 */
export class SqliteProfileAggregates {
  private state: AggregateState;
  /** The last log seq folded into `state` and the pending delta. */
  private folded: number;
  /** Events after `folded` are in the log (after a failure): fold them before anything else. */
  private behind = false;
  private readonly buffer: SqliteAggregateBuffer;
  private readonly reads: SqliteAggregateReads;
  private readonly viewerReads: SqliteViewerReads;
  private readonly log: SqliteEventLog;
  private readonly snapshot: SqliteAggregateSnapshot;
  /** Retention's reads of the log, on this thread's connection: never in the way of appends. */
  private readonly retentionReads: SqliteRetentionLog;

  private constructor(
    private readonly logDb: SqliteDatabase,
    private readonly db: SqliteDatabase,
    private readonly options: ProfileAggregatesOptions,
    onFlushError: (err: unknown) => void,
    snapshotFile: string,
  ) {
    const rollupDays = new RollupDayCache();
    this.buffer = new SqliteAggregateBuffer(db, {
      ...options,
      onFlushError,
      onRollupsWritten: (rollups) => rollupDays.touched(rollups),
    });
    this.reads = new SqliteAggregateReads(db, rollupDays);
    this.viewerReads = new SqliteViewerReads(db);
    this.log = new SqliteEventLog(logDb);
    this.snapshot = new SqliteAggregateSnapshot(snapshotFile, this.log, options);
    this.retentionReads = new SqliteRetentionLog(logDb);
    // Ahead of the log (a restored log file), or behind the snapshot (events it needs are gone):
    // start over from the snapshot.
    if (this.buffer.watermark > this.log.lastSeq() || this.buffer.watermark < this.snapshot.seq) {
      this.startOver();
    }
    this.state = this.reads.loadState();
    this.folded = this.buffer.watermark;
    this.catchUp();
  }

  /**
   * Opens (creating if need be) the aggregate file of the log at `logFile` (which must exist,
   * migrated), caught up with the log.
   */
  static open(
    logFile: string,
    aggregatesFile: string,
    options: ProfileAggregatesOptions,
    onFlushError: (err: unknown) => void,
  ): SqliteProfileAggregates {
    // Always `normal`: a write lost to a power cut takes its watermark with it and is folded again.
    const db = openSqliteDatabase(aggregatesFile, 'aggregates', 'normal');
    let logDb: SqliteDatabase | null = null;
    try {
      logDb = new Database(logFile, { readonly: true });
      // Read in order, chunk by chunk, and only to catch up: a small cache will do.
      logDb.pragma(`cache_size = -${LOG_READER_CACHE_KIB}`);
      return new SqliteProfileAggregates(logDb, db, options, onFlushError, snapshotFileOf(logFile));
    } catch (err) {
      logDb?.close();
      db.close();
      throw err;
    }
  }

  /**
   * Folds events the log thread committed, in seq order, as it forwarded them. Those already
   * folded are skipped; when some are missing before them, the log is read instead.
   */
  foldCommitted(events: readonly StoredEvent[]): void {
    if (this.behind) this.catchUp();
    const first = events.findIndex((e) => e.seq > this.folded);
    if (first < 0) return;
    if (events[first]!.seq !== this.folded + 1) return this.catchUp();
    const fresh = first === 0 ? events : events.slice(first);
    if (hasVoid(fresh)) return void this.rebuild();
    try {
      this.adopt(reduce(this.state, fresh, this.options, this.buffer.delta).state, fresh);
    } catch (err) {
      this.restart();
      throw err;
    }
  }

  /** Catches up with the log when `seq` (committed) is not folded in yet: before any read. */
  upTo(seq: number): void {
    if (this.behind || this.folded < seq) this.catchUp();
  }

  /** Stats and open sessions as of the log's end. */
  currentState(): AggregateState {
    this.catchUp();
    return this.state;
  }

  /** Folds in the log's events after the last one folded (those a crash left unwritten). */
  catchUp(): void {
    // What was written lags behind the snapshot, and retention deleted the events between.
    if (this.folded < this.snapshot.seq) this.startOver();
    try {
      for (let chunk = this.log.listForFold(this.folded, CHUNK); chunk.length > 0;) {
        if (hasVoid(chunk)) return void this.rebuild();
        this.adopt(reduce(this.state, chunk, this.options, this.buffer.delta).state, chunk);
        chunk = this.log.listForFold(this.folded, CHUNK);
      }
      this.behind = false;
    } catch (err) {
      this.restart();
      throw err;
    }
  }

  listSessions(query: SessionQuery): SessionSummary[] {
    this.written(touchesSessions);
    return this.reads.listSessions(query);
  }

  listStartedSessions(query: StartedSessionsQuery): SessionSummary[] {
    this.written(touchesSessions);
    return this.reads.listStartedSessions(query);
  }

  getSession(id: number): SessionSummary | null {
    this.written((p) => touchesSession(p, id));
    return this.reads.getSession(id);
  }

  listRollups(query: RollupQuery): Rollup[] {
    this.written((p) => touchesMinutes(p, query));
    return this.reads.listRollups(query);
  }

  rollupColumns(query: RollupColumnsQuery): RollupColumns {
    this.written((p) => touchesMinutes(p, query));
    return this.reads.rollupColumns(query);
  }

  listQuarterRollups(query: { from: number; to: number }): QuarterRollup[] {
    this.written((p) => touchesQuarters(p, query));
    return this.reads.listQuarterRollups(query);
  }

  /** From the tables plus what is pending, without writing it (the goal watch asks after every commit). */
  activityTotals(query: { since?: number; stream?: string }): Counters {
    if (this.behind) this.catchUp();
    return this.reads.activityTotals(query, this.buffer.unwritten);
  }

  leaderboard(query: LeaderboardQuery): LeaderboardRow[] {
    this.written((p) => touchesScope(p, query.scope));
    return this.viewerReads.leaderboard(query);
  }

  listViewers(query: ViewerQuery): { viewers: ViewerSummary[]; total: number } {
    this.written(touchesViewers);
    return this.viewerReads.listViewers(query);
  }

  getViewer(userId: string): ViewerSummary | null {
    this.written(touchesViewers);
    return this.viewerReads.getViewer(userId);
  }

  listViewerSessions(userId: string, limit: number): ViewerSessionEntry[] {
    this.written(touchesViewers);
    return this.viewerReads.listViewerSessions(userId, limit);
  }

  listSessionViewers(query: SessionViewersQuery): SessionViewerTotals[] {
    this.written((p) => touchesSession(p, query.session));
    return this.viewerReads.listSessionViewers(query);
  }

  dumpAggregates(): AggregateDump {
    this.written();
    return this.reads.dump();
  }

  /** Writes what is pending; nothing to answer. */
  flush(): null {
    this.written();
    return null;
  }

  /**
   * Builds every aggregate again from the whole log, leaving out voided events; the events folded
   * and the new state. A void in the log is folded this way, from its start (a void is rare; the
   * fold of what it takes back cannot be undone piece by piece: sessions split, peaks fall).
   */
  rebuild(): { events: number; state: AggregateState } {
    // Written first, so that a rebuild that fails leaves the tables as complete as before.
    this.buffer.flush();
    const from = this.snapshot.seq;
    const build = (copy?: () => void) =>
      this.db.transaction(() => {
        this.clearTables();
        copy?.();
        let state = copy ? this.reads.loadState() : emptyState();
        let after = from;
        let events = 0;
        for (let chunk = this.log.listForFold(after, CHUNK); chunk.length > 0;) {
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
    const { events, state, after } = from === 0 ? build() : this.snapshot.attachedTo(this.db, build);
    this.buffer.committed(after);
    this.state = state;
    this.folded = Math.max(after, this.folded);
    this.behind = false;
    return { events, state };
  }

  /**
   * The events a retention run with `cutoff` would remove (see SqliteRetentionLog.range). Read
   * here, not on the log thread: the scan reads every event the run removes, seconds for millions
   * of them, which appends must not wait behind.
   */
  retentionRange(cutoff: number): RetentionRange | null {
    return this.retentionReads.range(cutoff);
  }

  /** A page of the events of `(after, upTo]` for an archive, read here for the same reason. */
  listEventsForArchive(after: number, upTo: number, limit: number): StoredEvent[] {
    return this.retentionReads.listForArchive(after, upTo, limit);
  }

  /** The seq the aggregates snapshot is taken at (0: none). */
  snapshotSeq(): number {
    return this.snapshot.seq;
  }

  /**
   * Folds at most `maxEvents` more of the log into the snapshot, up to `upTo` (never past what
   * the aggregates folded); the snapshot's seq, durable.
   */
  advanceSnapshot(upTo: number, maxEvents: number): number {
    return this.snapshot.advance(Math.min(upTo, this.folded), maxEvents, SNAPSHOT_CHUNK);
  }

  setBudgets(cacheKiB: number, walPages: number): void {
    setPageBudget(this.db, cacheKiB, walPages);
  }

  /** The aggregate file's page cache (KiB) and checkpoint interval (pages). */
  budgets(): { cacheKiB: number; walPages: number } {
    return {
      cacheKiB: -Number(this.db.pragma('cache_size', { simple: true })),
      walPages: Number(this.db.pragma('wal_autocheckpoint', { simple: true })),
    };
  }

  /** Closes both files; with `flush`, writes what is pending first. */
  close(flush: boolean): void {
    try {
      if (flush && this.db.open) this.buffer.flush();
    } finally {
      this.buffer.discard();
      this.snapshot.close();
      if (this.db.open) this.db.close();
      if (this.logDb.open) this.logDb.close();
    }
  }

  /**
   * Brings the aggregate tables up to the log, as a read of them needs first: writes what is
   * pending unless `touches` says none of it is in the rows the read covers (a finished session's
   * report while another is live), whose answer a write would then leave as it is.
   */
  private written(touches: (pending: Readonly<Delta>) => boolean = () => true): void {
    if (this.behind) this.catchUp();
    const pending = this.buffer.unwritten;
    this.buffer.flushForRead(pending !== null && touches(pending));
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

  /**
   * Starts the aggregates over from the snapshot (empty when there is none), dropping what is
   * pending: the log after it is folded in next. For aggregates ahead of their log (a restored or
   * older log file) or behind the snapshot (the events between are deleted).
   */
  private startOver(): void {
    this.buffer.discard();
    const seq = this.snapshot.seq;
    const reset = (copy?: () => void) =>
      this.db.transaction(() => {
        this.clearTables();
        copy?.();
        this.buffer.writeNow(emptyDelta(), seq);
      })();
    if (seq === 0) reset();
    else this.snapshot.attachedTo(this.db, reset);
    this.buffer.committed(seq);
    this.state = this.reads.loadState();
    this.folded = seq;
  }

  /** Empties every aggregate table (inside the caller's transaction). */
  private clearTables(): void {
    this.viewerReads.forget();
    this.reads.forget();
    for (const t of AGGREGATE_TABLES) this.db.exec(`DELETE FROM ${t}`);
  }
}

// What a pending delta changes, for each read (conservative: true when unsure). Sessions and
// their viewer rows change together: a session with activity in the delta has its row in it.

function touchesSessions(p: Readonly<Delta>): boolean {
  return p.sessions.size > 0 || p.sessionViewers.size > 0;
}

function touchesSession(p: Readonly<Delta>, id: number): boolean {
  return p.sessions.has(id) || p.sessionViewers.has(id);
}

/** Viewer reads show the sessions of each viewer too (their stream and start). */
function touchesViewers(p: Readonly<Delta>): boolean {
  return p.viewers.size > 0 || touchesSessions(p) || p.sessionGifts.size > 0;
}

function touchesMinutes(p: Readonly<Delta>, q: { from: number; to: number; stream?: string }): boolean {
  for (const [stream, minutes] of p.rollups) {
    if (q.stream !== undefined && stream !== q.stream) continue;
    for (const minute of minutes.keys()) if (minute >= q.from && minute < q.to) return true;
  }
  return false;
}

function touchesQuarters(p: Readonly<Delta>, q: { from: number; to: number }): boolean {
  for (const minutes of p.rollups.values()) {
    for (const minute of minutes.keys()) {
      const quarter = Math.floor(minute / QUARTER_MS) * QUARTER_MS;
      if (quarter >= q.from && quarter < q.to) return true;
    }
  }
  return false;
}

function touchesScope(p: Readonly<Delta>, scope: SessionScope): boolean {
  if (scope === 'all') return touchesViewers(p);
  if ('session' in scope) return touchesSession(p, scope.session) || p.sessionGifts.has(scope.session);
  for (const s of p.sessions.values()) if (s.started_at >= scope.from && s.started_at < scope.to) return true;
  return false;
}
