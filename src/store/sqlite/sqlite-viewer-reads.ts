import type Database from 'better-sqlite3';
import {
  checkedCounter,
  giftsByUser,
  likePattern,
  sortField,
  VIEWER_FIELDS,
  VIEWER_SESSIONS,
  VIEWER_SUMS,
  withGifts,
  type GiftRow,
} from '../viewer-read-rules.js';
import type { SessionViewerTotals, ViewerTotals } from '../../core/aggregates.js';
import type { CounterField } from '../../core/counters.js';
import {
  ClosedSessionSums,
  MIN_CACHED_SESSIONS,
  openNeeds,
  planReads,
  rankTop,
  type UserValue,
} from '../closed-session-sums.js';
import type {
  LeaderboardQuery,
  LeaderboardRow,
  SessionScope,
  SessionViewersQuery,
  ViewerQuery,
  ViewerSessionEntry,
  ViewerSummary,
} from '../ports.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Reads over the per-viewer aggregates of one profile database: leaderboards over a session
 * scope (summing `session_viewers`, or `viewers` for all time) and viewer profiles.
 * Column names are never taken from input: sort and metric are checked against the counters.
 */
export class SqliteViewerReads {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly sums = new ClosedSessionSums();

  constructor(private readonly db: SqliteDatabase) {}

  leaderboard(query: LeaderboardQuery): LeaderboardRow[] {
    const metric = checkedCounter(query.metric);
    const { scope } = query;
    const users =
      typeof scope === 'object' && 'from' in scope ? this.rankedInRange(metric, scope, query.limit) : null;
    const { where, args } = scopeFilter(scope);
    const only = users ? 'AND v.user_id IN (SELECT value FROM json_each(?))' : '';
    const onlyArgs = users ? [JSON.stringify(users)] : [];
    const rows =
      scope === 'all'
        ? (this.sql(
            `SELECT * FROM viewers v WHERE v.${metric} > 0 ORDER BY v.${metric} DESC, v.user_id LIMIT ?`,
          ).all(query.limit) as ViewerTotals[])
        : 'session' in scope
          ? // One session's rows hold each viewer's totals and latest name already.
            (this.sql(
              `SELECT ${VIEWER_FIELDS} FROM session_viewers v WHERE v.session_id = ? AND v.${metric} > 0
               ORDER BY v.${metric} DESC, v.user_id LIMIT ?`,
            ).all(scope.session, query.limit) as ViewerTotals[])
          : (this.sql(
              `WITH t AS (
               SELECT v.user_id, min(v.first_seen) AS first_seen, max(v.last_seen) AS last_seen,
                 max(v.name_seq) AS name_seq, ${VIEWER_SUMS}
               FROM session_viewers v JOIN sessions s ON s.id = v.session_id
               WHERE ${where} ${only} GROUP BY v.user_id
             )
             SELECT t.*, n.name, n.display FROM t
             JOIN session_viewers n ON n.user_id = t.user_id AND n.name_seq = t.name_seq
             WHERE t.${metric} > 0 ORDER BY t.${metric} DESC, t.user_id LIMIT ?`,
            ).all(...args, ...onlyArgs, query.limit) as ViewerTotals[]);
    const gifts = this.giftsOf(
      rows.map((r) => r.user_id),
      scope,
    );
    return withGifts(rows, gifts);
  }

  /** Drops what is kept between leaderboard reads (the aggregates are being built again). */
  forget(): void {
    this.sums.clear();
  }

  /**
   * The viewers ranked first over the sessions started in a range, from the closed sessions'
   * sums kept between reads plus the open sessions read now; null when the range holds too few
   * closed sessions for that to pay (the database sums them at once).
   */
  private rankedInRange(
    metric: CounterField,
    range: { from: number; to: number },
    limit: number,
  ): string[] | null {
    const sessions = this.sql(
      'SELECT id, ended_at IS NULL AS open, events FROM sessions WHERE started_at >= ? AND started_at < ?',
    ).all(range.from, range.to) as { id: number; open: number; events: number }[];
    // A closed session's rows change only with a late event (which counts in `events`) or a
    // rebuild (which forgets every sum).
    const closed = sessions.filter((s) => !s.open).map((s) => ({ id: s.id, version: String(s.events) }));
    if (closed.length < MIN_CACHED_SESSIONS) return null;
    const plan = this.sums.plan(metric, closed);
    const sumsOf = (ids: number[]) => this.metricOf(metric, ids);
    const reads = planReads(plan);
    const sums = this.sums.settle(metric, closed, plan, sumsOf(reads.add), sumsOf(reads.remove));
    const open = this.metricOf(
      metric,
      sessions.filter((s) => s.open).map((s) => s.id),
      openNeeds(sums, limit),
    );
    return rankTop(sums, open, limit).map((u) => u.user_id);
  }

  /**
   * Each viewer's `metric` summed over these sessions, above zero; with `needs`, only the viewers
   * it names first and those whose sum reaches its floor.
   */
  private metricOf(
    metric: CounterField,
    sessions: number[],
    needs?: { first: string[]; floor: number },
  ): UserValue[] {
    if (sessions.length === 0) return [];
    const sql = `SELECT user_id, sum(${metric}) AS value FROM session_viewers
      WHERE session_id IN (SELECT value FROM json_each(?)) AND ${metric} > 0 GROUP BY user_id
      ${needs ? 'HAVING sum(' + metric + ') >= ? OR user_id IN (SELECT value FROM json_each(?))' : ''}`;
    const args = needs ? [needs.floor, JSON.stringify(needs.first)] : [];
    return this.sql(sql).all(JSON.stringify(sessions), ...args) as UserValue[];
  }

  listViewers(query: ViewerQuery): { viewers: ViewerSummary[]; total: number } {
    const sort = sortField(query);
    const search = likePattern(query.search);
    const filter = search ? `WHERE v.name LIKE ? ESCAPE '\\' OR v.display LIKE ? ESCAPE '\\'` : '';
    const args = search ? [search, search] : [];
    const total = (this.sql(`SELECT count(*) AS n FROM viewers v ${filter}`).get(...args) as { n: number }).n;
    const viewers = this.sql(
      `SELECT v.*, (SELECT count(*) FROM session_viewers x WHERE x.user_id = v.user_id) AS sessions
       FROM viewers v ${filter} ORDER BY v.${sort} DESC, v.user_id LIMIT ? OFFSET ?`,
    ).all(...args, query.limit, query.offset) as ViewerSummary[];
    return { viewers, total };
  }

  getViewer(userId: string): ViewerSummary | null {
    const row = this.sql(
      `SELECT v.*, (SELECT count(*) FROM session_viewers x WHERE x.user_id = v.user_id) AS sessions
       FROM viewers v WHERE v.user_id = ?`,
    ).get(userId) as ViewerSummary | undefined;
    return row ?? null;
  }

  listViewerSessions(userId: string, limit: number): ViewerSessionEntry[] {
    return this.sql(`${VIEWER_SESSIONS} WHERE v.user_id = ? ORDER BY v.session_id DESC LIMIT ?`).all(
      userId,
      limit,
    ) as ViewerSessionEntry[];
  }

  listSessionViewers(query: SessionViewersQuery): SessionViewerTotals[] {
    return this.sql(
      'SELECT * FROM session_viewers WHERE session_id = ? AND user_id > ? ORDER BY user_id LIMIT ?',
    ).all(query.session, query.after ?? '', query.limit) as SessionViewerTotals[];
  }

  /** Each viewer's gift types over the scope, the latest name of each type winning. */
  private giftsOf(users: string[], scope: SessionScope): Map<string, GiftRow[]> {
    const byUser = new Map<string, GiftRow[]>();
    if (users.length === 0) return byUser;
    const { where, args } = scopeFilter(scope);
    const rows = this.db
      .prepare(
        `WITH t AS (
           SELECT g.user_id, g.gift_id, sum(g.count) AS count, sum(g.coins) AS coins,
             max(g.biggest) AS biggest, max(g.name_seq) AS name_seq
           FROM session_viewer_gifts g JOIN sessions s ON s.id = g.session_id
           WHERE ${where} AND g.user_id IN (${users.map(() => '?').join(', ')})
           GROUP BY g.user_id, g.gift_id
         )
         SELECT t.user_id, t.gift_id, n.gift_name, t.count, t.coins, t.biggest FROM t
         JOIN session_viewer_gifts n ON n.user_id = t.user_id AND n.gift_id = t.gift_id AND n.name_seq = t.name_seq
         ORDER BY t.coins DESC, t.count DESC, t.gift_id`,
      )
      .all(...args, ...users) as GiftRow[];
    return giftsByUser(rows);
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }
}

function scopeFilter(scope: SessionScope): { where: string; args: number[] } {
  if (scope === 'all') return { where: '1 = 1', args: [] };
  if ('session' in scope) return { where: 's.id = ?', args: [scope.session] };
  return { where: 's.started_at >= ? AND s.started_at < ?', args: [scope.from, scope.to] };
}
