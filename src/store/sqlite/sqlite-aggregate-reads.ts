import { addCounters, COUNTER_FIELDS, type Counters } from '../../core/counters.js';
import { MINUTE_MS } from '../../core/reduce.js';
import type {
  AggregateState,
  Delta,
  Rollup,
  Session,
  SessionViewerGift,
  SessionViewerTotals,
  ViewerTotals,
} from '../../core/aggregates.js';
import type {
  AggregateDump,
  QuarterRollup,
  RollupColumns,
  RollupColumnsQuery,
  RollupQuery,
  SessionQuery,
  SessionSummary,
  StartedSessionsQuery,
} from '../ports.js';
import { rollupColumnList, toRollupColumns } from '../rollup-columns.js';
import type { SessionViewerCount } from '../aggregate-maintenance.port.js';
import type { RollupDayCache } from './rollup-day-cache.js';
import { SESSION_SELECT, toSessionSummary, type CountedSession } from '../session-summary.js';
import { RECENT_SESSIONS_SQL, stateFromRows, statsSnapshot, type StatsRow } from '../stats-rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Reads over one profile's aggregate tables (stats, sessions, rollups, dumps). */
export class SqliteAggregateReads {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly rollupDays: RollupDayCache,
  ) {}

  /** Forgets what is kept between reads (the aggregates are being built again). */
  forget(): void {
    this.rollupDays.clear();
  }

  /** The hot state as written: stats rows, the sessions still open and the latest closed ones. */
  loadState(): AggregateState {
    return stateFromRows(
      this.db.prepare('SELECT * FROM stats').all() as StatsRow[],
      this.db.prepare('SELECT * FROM sessions WHERE ended_at IS NULL').all() as Session[],
      this.db.prepare(RECENT_SESSIONS_SQL).all() as Session[],
    );
  }

  listSessions(query: SessionQuery): SessionSummary[] {
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
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sql = `${SESSION_SELECT} ${filter} ORDER BY s.started_at DESC, s.id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, query.limit) as CountedSession[]).map(toSessionSummary);
  }

  listStartedSessions(query: StartedSessionsQuery): SessionSummary[] {
    const after = query.after ?? { started_at: query.from, id: -1 };
    const sql = `${SESSION_SELECT} WHERE s.started_at >= ? AND s.started_at < ?
      AND (s.started_at > ? OR (s.started_at = ? AND s.id > ?)) ORDER BY s.started_at, s.id LIMIT ?`;
    const args = [query.from, query.to, after.started_at, after.started_at, after.id, query.limit];
    return (this.db.prepare(sql).all(...args) as CountedSession[]).map(toSessionSummary);
  }

  getSession(id: number): SessionSummary | null {
    const row = this.db.prepare(`${SESSION_SELECT} WHERE s.id = ?`).get(id) as CountedSession | undefined;
    return row ? toSessionSummary(row) : null;
  }

  listRollups(query: RollupQuery): Rollup[] {
    const { filter, args } = rollupFilter(query);
    return this.db.prepare(`SELECT * FROM rollups ${filter}`).all(...args) as Rollup[];
  }

  /** Whole days come from the day cache while no write touched them. */
  rollupColumns(query: RollupColumnsQuery): RollupColumns {
    return this.rollupDays.columns(query, (part) => {
      const { filter, args } = rollupFilter(part, false);
      const rows = this.db
        .prepare(`SELECT ${rollupColumnList(part.fields)} FROM rollups ${filter}`)
        .raw(true)
        .all(...args) as unknown[][];
      return toRollupColumns(rows, part.fields);
    });
  }

  listQuarterRollups(query: { from: number; to: number }): QuarterRollup[] {
    return this.db
      .prepare('SELECT * FROM quarter_rollups WHERE quarter >= ? AND quarter < ? ORDER BY quarter, stream')
      .all(query.from, query.to) as QuarterRollup[];
  }

  /**
   * Counter sums from the written tables plus `pending` (the delta not yet written), without
   * writing it: from the rollups since a minute, or from the sessions for ever.
   */
  activityTotals(query: { since?: number; stream?: string }, pending: Readonly<Delta> | null): Counters {
    const minute = query.since === undefined ? undefined : Math.floor(query.since / MINUTE_MS) * MINUTE_MS;
    const conditions: string[] = [];
    const args: (string | number)[] = [];
    if (minute !== undefined) {
      conditions.push('minute >= ?');
      args.push(minute);
    }
    if (query.stream !== undefined) {
      conditions.push('stream = ?');
      args.push(query.stream);
    }
    // Pending sessions are full rows: the written ones they replace are left out of the sum.
    const replaced = minute === undefined && pending ? [...pending.sessions.keys()] : [];
    if (replaced.length > 0) {
      conditions.push(`id NOT IN (${replaced.map(() => '?').join(', ')})`);
      args.push(...replaced);
    }
    const table = minute === undefined ? 'sessions' : 'rollups';
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const sums = COUNTER_FIELDS.map((f) => `coalesce(sum(${f}), 0) AS ${f}`).join(', ');
    const totals = this.db.prepare(`SELECT ${sums} FROM ${table} ${where}`).get(...args) as Counters;
    if (pending) addPendingTotals(totals, pending, minute, query.stream);
    return totals;
  }

  dump(): AggregateDump {
    const all = <T>(sql: string) => this.db.prepare(sql).all() as T[];
    return {
      stats: statsSnapshot(all<StatsRow>('SELECT * FROM stats ORDER BY stream')),
      sessions: all<Session>('SELECT * FROM sessions ORDER BY id'),
      sessionViewerCounts: all<SessionViewerCount>('SELECT * FROM session_viewer_counts ORDER BY session_id'),
      rollups: all<Rollup>('SELECT * FROM rollups ORDER BY stream, minute'),
      quarterRollups: all<QuarterRollup>('SELECT * FROM quarter_rollups ORDER BY stream, quarter'),
      viewers: all<ViewerTotals>('SELECT * FROM viewers ORDER BY user_id'),
      sessionViewers: all<SessionViewerTotals>('SELECT * FROM session_viewers ORDER BY session_id, user_id'),
      sessionGifts: all<SessionViewerGift>(
        'SELECT * FROM session_viewer_gifts ORDER BY session_id, user_id, gift_id',
      ),
    };
  }
}

/** Adds the pending delta's part of an activity sum: rollup increments from `minute` on, or sessions. */
function addPendingTotals(
  totals: Counters,
  pending: Readonly<Delta>,
  minute: number | undefined,
  stream?: string,
): void {
  if (minute === undefined) {
    for (const s of pending.sessions.values()) {
      if (stream === undefined || s.stream === stream) addCounters(totals, s);
    }
    return;
  }
  for (const [id, minutes] of pending.rollups) {
    if (stream !== undefined && id !== stream) continue;
    for (const r of minutes.values()) if (r.minute >= minute) addCounters(totals, r);
  }
}

/** WHERE ... ORDER BY ... LIMIT of a rollups read (unordered: no ORDER BY), with its parameters. */
function rollupFilter(query: RollupQuery, ordered = true): { filter: string; args: (string | number)[] } {
  // Unordered, every stream is read as a run of its primary key (each stream with an event has a
  // stats row): a fifth faster than looking each row of the minute index up.
  const byStream =
    query.stream !== undefined ? 'AND stream = ?' : ordered ? '' : 'AND stream IN (SELECT stream FROM stats)';
  const args: (string | number)[] = [query.from, query.to];
  if (query.stream !== undefined) args.push(query.stream);
  const limit = query.limit === undefined ? '' : 'LIMIT ?';
  if (query.limit !== undefined) args.push(query.limit);
  return {
    filter: `WHERE minute >= ? AND minute < ? ${byStream} ${ordered ? 'ORDER BY minute, stream' : ''} ${limit}`,
    args,
  };
}
