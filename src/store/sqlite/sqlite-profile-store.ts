import { emptyDelta, emptyState, reduce, type ReduceOptions } from '../../core/reduce.js';
import { COUNTER_FIELDS, type Counters } from '../../core/counters.js';
import { emptyStats } from '../../core/stats.js';
import type {
  AggregateState,
  Rollup,
  Session,
  SessionViewerGift,
  SessionViewerTotals,
  Stats,
  ViewerTotals,
} from '../../core/aggregates.js';
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
import { SqliteDeltaWriter, COMBINED_KEY } from './sqlite-delta-writer.js';
import { SqliteEventLog } from './sqlite-event-log.js';
import { SqliteViewerReads } from './sqlite-viewer-reads.js';
import { toSessionSummary } from '../session-summary.js';

const REBUILD_CHUNK = 20_000;
const AGGREGATE_TABLES = [
  'stats',
  'sessions',
  'rollups',
  'viewers',
  'session_viewers',
  'session_viewer_gifts',
] as const;

const SESSION_SELECT = `SELECT s.*,
  (SELECT count(*) FROM session_viewers v WHERE v.session_id = s.id) AS unique_viewers,
  (SELECT count(*) FROM session_viewers v WHERE v.session_id = s.id AND v.comments > 0) AS unique_chatters
  FROM sessions s`;

type SessionRow = Session & { unique_viewers: number; unique_chatters: number };
type AnalysisRow = Omit<SessionAnalysis, 'result'> & { result: string };

const toAnalysis = (row: AnalysisRow): SessionAnalysis => ({
  ...row,
  result: JSON.parse(row.result) as unknown,
});

/**
 * One profile's database file: the event log and every aggregate, written together in one
 * transaction per batch. Keeps the hot aggregate state (stats, open sessions) in memory; it is
 * replaced only after a commit, so a failed batch leaves both disk and memory as they were.
 */
export class SqliteProfileStore implements ProfileStore {
  private state: AggregateState;
  private readonly log: SqliteEventLog;
  private readonly writer: SqliteDeltaWriter;
  private readonly viewerReads: SqliteViewerReads;

  constructor(
    readonly profile: string,
    private readonly db: SqliteDatabase,
    private readonly options: ReduceOptions,
  ) {
    this.log = new SqliteEventLog(db);
    this.writer = new SqliteDeltaWriter(db);
    this.viewerReads = new SqliteViewerReads(db);
    this.state = this.loadState();
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
      if (stored.length === 0)
        return { result: { stored, seqs, duplicates, delta: emptyDelta() }, state: this.state };
      const next = reduce(this.state, stored, this.options);
      this.writer.write(next.delta);
      return { result: { stored, seqs, duplicates, delta: next.delta }, state: next.state };
    })();
    // Adopted only once the commit succeeded; a throw anywhere above leaves memory as it was.
    this.state = state;
    return result;
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
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.stream !== undefined) {
      where.push('s.stream = ?');
      args.push(query.stream);
    }
    if (query.before !== undefined) {
      where.push('s.started_at < ?');
      args.push(query.before);
    }
    const sql = `${SESSION_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.started_at DESC, s.id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, query.limit) as SessionRow[];
    return Promise.resolve(rows.map(toSessionSummary));
  }

  getSession(id: number): Promise<SessionSummary | null> {
    const row = this.db.prepare(`${SESSION_SELECT} WHERE s.id = ?`).get(id) as SessionRow | undefined;
    return Promise.resolve(row ? toSessionSummary(row) : null);
  }

  listEvents(after: number, limit: number): Promise<StoredEvent[]> {
    return Promise.resolve(this.log.list(after, limit));
  }

  listRecentTriggers(limit: number): Promise<StoredEvent[]> {
    return Promise.resolve(this.log.recentTriggers(limit));
  }

  leaderboard(query: LeaderboardQuery): Promise<LeaderboardRow[]> {
    return Promise.resolve(this.viewerReads.leaderboard(query));
  }

  listViewers(query: ViewerQuery): Promise<{ viewers: ViewerSummary[]; total: number }> {
    return Promise.resolve(this.viewerReads.listViewers(query));
  }

  getViewer(userId: string): Promise<ViewerSummary | null> {
    return Promise.resolve(this.viewerReads.getViewer(userId));
  }

  listViewerSessions(userId: string, limit: number): Promise<SessionViewerTotals[]> {
    return Promise.resolve(this.viewerReads.listViewerSessions(userId, limit));
  }

  activityTotals(query: { since?: number; stream?: string }): Promise<Counters> {
    const table = query.since === undefined ? 'sessions' : 'rollups';
    const conditions: string[] = [];
    const args: (string | number)[] = [];
    if (query.since !== undefined) {
      conditions.push('minute >= ?');
      args.push(Math.floor(query.since / 60_000) * 60_000);
    }
    if (query.stream !== undefined) {
      conditions.push('stream = ?');
      args.push(query.stream);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const sums = COUNTER_FIELDS.map((f) => `coalesce(sum(${f}), 0) AS ${f}`).join(', ');
    return Promise.resolve(this.db.prepare(`SELECT ${sums} FROM ${table} ${where}`).get(...args) as Counters);
  }

  listRollups(query: RollupQuery): Promise<Rollup[]> {
    const byStream = query.stream === undefined ? '' : 'AND stream = ?';
    const args: (string | number)[] = [query.from, query.to];
    if (query.stream !== undefined) args.push(query.stream);
    const rows = this.db
      .prepare(`SELECT * FROM rollups WHERE minute >= ? AND minute < ? ${byStream} ORDER BY minute, stream`)
      .all(...args) as Rollup[];
    return Promise.resolve(rows);
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

  rebuild(): Promise<{ events: number }> {
    const { total, state } = this.db.transaction(() => {
      for (const t of AGGREGATE_TABLES) this.db.exec(`DELETE FROM ${t}`);
      let state = emptyState();
      let after = 0;
      let total = 0;
      for (;;) {
        const chunk = this.log.list(after, REBUILD_CHUNK);
        if (chunk.length === 0) break;
        const result = reduce(state, chunk, this.options);
        this.writer.write(result.delta);
        state = result.state;
        after = chunk[chunk.length - 1]!.seq;
        total += chunk.length;
      }
      return { total, state };
    })();
    this.state = state;
    return Promise.resolve({ events: total });
  }

  dumpAggregates(): Promise<AggregateDump> {
    const all = <T>(sql: string) => this.db.prepare(sql).all() as T[];
    const statsRows = all<Stats & { stream: string }>('SELECT * FROM stats ORDER BY stream');
    const streams: Record<string, Stats> = {};
    let combined = emptyStats();
    for (const { stream, ...s } of statsRows) {
      if (stream === COMBINED_KEY) combined = s;
      else streams[stream] = s;
    }
    return Promise.resolve({
      stats: { combined, streams },
      sessions: all<Session>('SELECT * FROM sessions ORDER BY id'),
      rollups: all<Rollup>('SELECT * FROM rollups ORDER BY stream, minute'),
      viewers: all<ViewerTotals>('SELECT * FROM viewer_totals ORDER BY user_id'),
      sessionViewers: all<SessionViewerTotals>('SELECT * FROM session_viewers ORDER BY session_id, user_id'),
      sessionGifts: all<SessionViewerGift>(
        'SELECT * FROM session_viewer_gifts ORDER BY session_id, user_id, gift_id',
      ),
    });
  }

  /** Sets this database's page cache and checkpoint interval (see SqliteEngine's budgets). */
  setBudgets(cacheKiB: number, walPages: number): void {
    this.db.pragma(`cache_size = -${cacheKiB}`);
    this.db.pragma(`wal_autocheckpoint = ${walPages}`);
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  private loadState(): AggregateState {
    const state = emptyState();
    const rows = this.db.prepare('SELECT * FROM stats').all() as (Stats & { stream: string })[];
    for (const { stream, ...stats } of rows) {
      if (stream === COMBINED_KEY) state.combined = stats;
      else state.streams.set(stream, { stats, session: null });
    }
    const open = this.db.prepare('SELECT * FROM sessions WHERE ended_at IS NULL').all() as Session[];
    for (const session of open) {
      const s = state.streams.get(session.stream) ?? { stats: emptyStats(), session: null };
      s.session = session;
      state.streams.set(session.stream, s);
    }
    return state;
  }
}
