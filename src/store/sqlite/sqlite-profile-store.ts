import { foldState, type ReduceOptions } from '../../core/reduce.js';
import type { Counters } from '../../core/counters.js';
import type { AggregateState, Rollup, SessionViewerTotals, Stats } from '../../core/aggregates.js';
import type { LiveEvent, StoredEvent } from '../../core/live-event.js';
import type {
  AggregateDump,
  AppendResult,
  LeaderboardQuery,
  LeaderboardRow,
  ProfileStore,
  RollupQuery,
  ViewerQuery,
  ViewerSummary,
  SessionAnalysis,
  SessionQuery,
  SessionSummary,
  StatsSnapshot,
} from '../ports.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { SqliteEventLog } from './sqlite-event-log.js';
import type { SqliteProjector } from './sqlite-projector.js';

type AnalysisRow = Omit<SessionAnalysis, 'result'> & { result: string };

const toAnalysis = (row: AnalysisRow): SessionAnalysis => ({
  ...row,
  result: JSON.parse(row.result) as unknown,
});

/**
 * One profile on the embedded engine (ADR 0007). The main thread owns the event log: a batch is
 * one transaction of inserts, and the hot state (stats, open sessions) is folded from it with the
 * same rules as every aggregate, adopted only after the commit. The other aggregates are built
 * from the log on the projector thread and written behind it; every read of them first folds in
 * the log up to the last commit here, so reads see every committed event.
 */
export class SqliteProfileStore implements ProfileStore {
  private readonly log: SqliteEventLog;
  /** The last seq committed to the log. */
  private lastSeq: number;

  constructor(
    readonly profile: string,
    private readonly db: SqliteDatabase,
    private readonly projector: SqliteProjector,
    private state: AggregateState,
    private readonly options: ReduceOptions,
  ) {
    this.log = new SqliteEventLog(db);
    this.lastSeq = this.log.lastSeq();
  }

  append(events: readonly LiveEvent[]): Promise<AppendResult> {
    try {
      return Promise.resolve(this.appendNow(events));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private appendNow(events: readonly LiveEvent[]): AppendResult {
    const { result, state } = this.db.transaction(() => {
      const { stored, seqs } = this.log.appendAll(events);
      const duplicates = events.length - stored.length;
      // Folded before the commit, so a batch that cannot be folded is not stored either.
      const state = stored.length > 0 ? foldState(this.state, stored, this.options) : null;
      return { result: { stored, seqs, duplicates }, state };
    })();
    if (state) {
      // Adopted only once the commit succeeded.
      this.state = state;
      this.lastSeq = result.stored.at(-1)!.seq;
      this.projector.committed(this.profile, result.stored);
    }
    return result;
  }

  /** Writes the aggregates the projector holds in memory for this profile. */
  async flush(): Promise<void> {
    await this.projector.call(this.profile, this.lastSeq, 'flush');
  }

  currentState(): AggregateState {
    return this.state;
  }

  getStats(): Promise<StatsSnapshot> {
    const streams: Record<string, Stats> = {};
    for (const [id, s] of this.state.streams) streams[id] = { ...s.stats };
    return Promise.resolve({ combined: { ...this.state.combined }, streams });
  }

  listSessions(query: SessionQuery): Promise<SessionSummary[]> {
    return this.projector.call(this.profile, this.lastSeq, 'listSessions', query);
  }

  getSession(id: number): Promise<SessionSummary | null> {
    return this.projector.call(this.profile, this.lastSeq, 'getSession', id);
  }

  listEvents(after: number, limit: number): Promise<StoredEvent[]> {
    return Promise.resolve(this.log.list(after, limit));
  }

  listRecentTriggers(limit: number): Promise<StoredEvent[]> {
    return Promise.resolve(this.log.recentTriggers(limit));
  }

  leaderboard(query: LeaderboardQuery): Promise<LeaderboardRow[]> {
    return this.projector.call(this.profile, this.lastSeq, 'leaderboard', query);
  }

  listViewers(query: ViewerQuery): Promise<{ viewers: ViewerSummary[]; total: number }> {
    return this.projector.call(this.profile, this.lastSeq, 'listViewers', query);
  }

  getViewer(userId: string): Promise<ViewerSummary | null> {
    return this.projector.call(this.profile, this.lastSeq, 'getViewer', userId);
  }

  listViewerSessions(userId: string, limit: number): Promise<SessionViewerTotals[]> {
    return this.projector.call(this.profile, this.lastSeq, 'listViewerSessions', userId, limit);
  }

  activityTotals(query: { since?: number; stream?: string }): Promise<Counters> {
    return this.projector.call(this.profile, this.lastSeq, 'activityTotals', query);
  }

  listRollups(query: RollupQuery): Promise<Rollup[]> {
    return this.projector.call(this.profile, this.lastSeq, 'listRollups', query);
  }

  putSessionAnalysis(analysis: SessionAnalysis): Promise<void> {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO session_analyses (session_id, kind, computed_at, result) VALUES (?, ?, ?, ?)',
      )
      .run(analysis.session_id, analysis.kind, analysis.computed_at, JSON.stringify(analysis.result));
    return Promise.resolve();
  }

  getSessionAnalysis(sessionId: number, kind: string): Promise<SessionAnalysis | null> {
    const row = this.db
      .prepare('SELECT * FROM session_analyses WHERE session_id = ? AND kind = ?')
      .get(sessionId, kind) as AnalysisRow | undefined;
    return Promise.resolve(row ? toAnalysis(row) : null);
  }

  listSessionAnalyses(kind: string, limit: number): Promise<SessionAnalysis[]> {
    const rows = this.db
      .prepare('SELECT * FROM session_analyses WHERE kind = ? ORDER BY session_id DESC LIMIT ?')
      .all(kind, limit) as AnalysisRow[];
    return Promise.resolve(rows.map(toAnalysis));
  }

  /** Builds every aggregate again from the log; appends must not run meanwhile. */
  async rebuild(): Promise<{ events: number }> {
    const { events, state } = await this.projector.call(this.profile, this.lastSeq, 'rebuild');
    this.state = state;
    return { events };
  }

  dumpAggregates(): Promise<AggregateDump> {
    return this.projector.call(this.profile, this.lastSeq, 'dumpAggregates');
  }

  /** Sets the page cache and checkpoint interval of both files (see SqliteEngine's budgets). */
  setBudgets(cacheKiB: number, walPages: number): void {
    // The log is appended at its end and read by recent seq: a quarter of the share is plenty.
    this.db.pragma(`cache_size = -${Math.max(1024, Math.round(cacheKiB / 4))}`);
    this.db.pragma(`wal_autocheckpoint = ${walPages}`);
    this.projector.setBudgets(this.profile, cacheKiB, walPages);
  }

  /** Writes what the projector holds, then closes the log. */
  async close(): Promise<void> {
    try {
      await this.projector.closeProfile(this.profile, true);
    } finally {
      if (this.db.open) this.db.close();
    }
  }

  /** Closes both files without writing what is pending (the profile is being deleted). */
  async discard(): Promise<void> {
    try {
      await this.projector.closeProfile(this.profile, false);
    } finally {
      if (this.db.open) this.db.close();
    }
  }
}
