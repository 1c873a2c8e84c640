import {
  checkedCounter,
  giftsByUser,
  likePattern,
  sortField,
  VIEWER_FIELDS,
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
import type { LeaderboardQuery, LeaderboardRow, SessionScope, ViewerQuery, ViewerSummary } from '../ports.js';
import type { PgClient } from './postgres-pool.js';

const SESSIONS_OF = '(SELECT count(*) FROM session_viewers x WHERE x.user_id = v.user_id) AS sessions';

/**
 * Reads over the per-viewer aggregates of one profile schema: leaderboards over a session scope
 * (summing `session_viewers`, or `viewers` for all time) and viewer profiles. Column names
 * are never taken from input: sort and metric are checked against the counters.
 */
export class PostgresViewerReads {
  private readonly sums = new ClosedSessionSums();

  async leaderboard(client: PgClient, query: LeaderboardQuery): Promise<LeaderboardRow[]> {
    const metric = checkedCounter(query.metric);
    const { scope } = query;
    const users =
      typeof scope === 'object' && 'from' in scope
        ? await this.rankedInRange(client, metric, scope, query.limit)
        : null;
    const { where, args } = scopeFilter(scope);
    const values: unknown[] = users ? [...args, users] : [...args];
    const only = users ? `AND v.user_id = ANY($${values.length}::text[])` : '';
    const limit = `$${values.length + 1}`;
    const sql =
      scope === 'all'
        ? `SELECT * FROM viewers v WHERE v.${metric} > 0 ORDER BY v.${metric} DESC, v.user_id LIMIT ${limit}`
        : 'session' in scope
          ? // One session's rows hold each viewer's totals and latest name already.
            `SELECT ${VIEWER_FIELDS} FROM session_viewers v WHERE v.session_id = $1 AND v.${metric} > 0
             ORDER BY v.${metric} DESC, v.user_id LIMIT ${limit}`
          : `WITH t AS (
             SELECT v.user_id, min(v.first_seen) AS first_seen, max(v.last_seen) AS last_seen,
               max(v.name_seq) AS name_seq, ${VIEWER_SUMS}
             FROM session_viewers v JOIN sessions s ON s.id = v.session_id
             WHERE ${where} ${only} GROUP BY v.user_id
           )
           SELECT t.*, n.name, n.display FROM t
           JOIN session_viewers n ON n.user_id = t.user_id AND n.name_seq = t.name_seq
           WHERE t.${metric} > 0 ORDER BY t.${metric} DESC, t.user_id LIMIT ${limit}`;
    const rows = (await client.query<ViewerTotals>(sql, [...values, query.limit])).rows;
    const gifts = await this.giftsOf(
      client,
      rows.map((r) => r.user_id),
      scope,
    );
    return withGifts(rows, gifts);
  }

  /**
   * The viewers ranked first over the sessions started in a range, from the closed sessions'
   * sums kept between reads plus the open sessions read now; null when the range holds too few
   * closed sessions for that to pay. A session row's `xmin` changes with every write to it (a
   * late event, a fold of the log again), on whichever instance made it.
   */
  private async rankedInRange(
    client: PgClient,
    metric: CounterField,
    range: { from: number; to: number },
    limit: number,
  ): Promise<string[] | null> {
    const { rows: sessions } = await client.query<{ id: string; open: boolean; version: string }>(
      `SELECT id, ended_at IS NULL AS open, xmin::text AS version FROM sessions
       WHERE started_at >= $1 AND started_at < $2`,
      [range.from, range.to],
    );
    const closed = sessions.filter((s) => !s.open).map((s) => ({ id: Number(s.id), version: s.version }));
    if (closed.length < MIN_CACHED_SESSIONS) return null;
    const plan = this.sums.plan(metric, closed);
    const sumsOf = (ids: number[]) => metricOf(client, metric, ids);
    const reads = planReads(plan);
    const sums = this.sums.settle(metric, closed, plan, await sumsOf(reads.add), await sumsOf(reads.remove));
    const open = await metricOf(
      client,
      metric,
      sessions.filter((s) => s.open).map((s) => Number(s.id)),
      openNeeds(sums, limit),
    );
    return rankTop(sums, open, limit).map((u) => u.user_id);
  }

  async listViewers(
    client: PgClient,
    query: ViewerQuery,
  ): Promise<{ viewers: ViewerSummary[]; total: number }> {
    const sort = sortField(query);
    const search = likePattern(query.search);
    // ILIKE: case-insensitive as SQLite's LIKE is for ASCII.
    const filter = search ? `WHERE v.name ILIKE $1 ESCAPE '\\' OR v.display ILIKE $1 ESCAPE '\\'` : '';
    const args: unknown[] = search ? [search] : [];
    const total = (await client.query<{ n: number }>(`SELECT count(*) AS n FROM viewers v ${filter}`, args))
      .rows[0]!.n;
    const n = args.length;
    const viewers = await client.query<ViewerSummary>(
      `SELECT v.*, ${SESSIONS_OF} FROM viewers v ${filter}
       ORDER BY v.${sort} DESC, v.user_id LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...args, query.limit, query.offset],
    );
    return { viewers: viewers.rows, total };
  }

  async getViewer(client: PgClient, userId: string): Promise<ViewerSummary | null> {
    const { rows } = await client.query<ViewerSummary>(
      `SELECT v.*, ${SESSIONS_OF} FROM viewers v WHERE v.user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async listViewerSessions(client: PgClient, userId: string, limit: number): Promise<SessionViewerTotals[]> {
    const { rows } = await client.query<SessionViewerTotals>(
      'SELECT * FROM session_viewers WHERE user_id = $1 ORDER BY session_id DESC LIMIT $2',
      [userId, limit],
    );
    return rows;
  }

  /** Each viewer's gift types over the scope, the latest name of each type winning. */
  private async giftsOf(
    client: PgClient,
    users: string[],
    scope: SessionScope,
  ): Promise<Map<string, GiftRow[]>> {
    const byUser = new Map<string, GiftRow[]>();
    if (users.length === 0) return byUser;
    const { where, args } = scopeFilter(scope);
    const { rows } = await client.query<GiftRow>(
      `WITH t AS (
         SELECT g.user_id, g.gift_id, sum(g.count) AS count, sum(g.coins) AS coins,
           max(g.biggest) AS biggest, max(g.name_seq) AS name_seq
         FROM session_viewer_gifts g JOIN sessions s ON s.id = g.session_id
         WHERE ${where} AND g.user_id = ANY($${args.length + 1}::text[])
         GROUP BY g.user_id, g.gift_id
       )
       SELECT t.user_id, t.gift_id, n.gift_name, t.count, t.coins, t.biggest FROM t
       JOIN session_viewer_gifts n ON n.user_id = t.user_id AND n.gift_id = t.gift_id AND n.name_seq = t.name_seq
       ORDER BY t.coins DESC, t.count DESC, t.gift_id`,
      [...args, users],
    );
    return giftsByUser(rows);
  }
}

/**
 * Each viewer's `metric` summed over these sessions, above zero; with `needs`, only the viewers it
 * names first and those whose sum reaches its floor.
 */
async function metricOf(
  client: PgClient,
  metric: CounterField,
  sessions: number[],
  needs?: { first: string[]; floor: number },
): Promise<UserValue[]> {
  if (sessions.length === 0) return [];
  const sql = `SELECT user_id, sum(${metric})::float8 AS value FROM session_viewers
    WHERE session_id = ANY($1::bigint[]) AND ${metric} > 0 GROUP BY user_id
    ${needs ? `HAVING sum(${metric}) >= $2 OR user_id = ANY($3::text[])` : ''}`;
  const args = needs ? [sessions, needs.floor, needs.first] : [sessions];
  return (await client.query<UserValue>(sql, args)).rows;
}

function scopeFilter(scope: SessionScope): { where: string; args: number[] } {
  if (scope === 'all') return { where: 'true', args: [] };
  if ('session' in scope) return { where: 's.id = $1', args: [scope.session] };
  return { where: 's.started_at >= $1 AND s.started_at < $2', args: [scope.from, scope.to] };
}
