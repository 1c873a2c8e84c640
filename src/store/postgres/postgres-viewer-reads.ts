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
import { FRACTIONAL_COUNTERS, type CounterField } from '../../core/counters.js';
import {
  ClosedSessionSums,
  MIN_CACHED_SESSIONS,
  openNeeds,
  planReads,
  rankTop,
  type OpenNeeds,
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
          : // The latest name in one pass: joining the rows again by name_seq makes the planner
            // guess one row and hash the whole table.
            `SELECT v.user_id, min(v.first_seen) AS first_seen, max(v.last_seen) AS last_seen,
               max(v.name_seq) AS name_seq, ${latest('v.name')} AS name, ${latest('v.display')} AS display,
               ${VIEWER_SUMS}
             FROM session_viewers v JOIN sessions s ON s.id = v.session_id
             WHERE ${where} ${only} GROUP BY v.user_id
             HAVING sum(v.${metric}) > 0 ORDER BY sum(v.${metric}) DESC, v.user_id LIMIT ${limit}`;
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
    const orderOf = (t: string) => `ORDER BY ${t}.${sort} DESC, ${t}.user_id`;
    if (!search) {
      const total = (await client.query<{ n: number }>('SELECT count(*) AS n FROM viewers')).rows[0]!.n;
      const viewers = await client.query<ViewerSummary>(
        `SELECT v.*, ${SESSIONS_OF} FROM viewers v ${orderOf('v')} LIMIT $1 OFFSET $2`,
        [query.limit, query.offset],
      );
      return { viewers: viewers.rows, total };
    }
    // lower() on both sides folds case as ILIKE does, in a fraction of its time.
    const matchOf = (t: string) =>
      `lower(${t}.name) LIKE lower($1) ESCAPE '\\' OR lower(${t}.display) LIKE lower($1) ESCAPE '\\'`;
    // One pass over the viewers gives the page and the count of matches (the window's).
    const { rows } = await client.query<ViewerSummary & { total: number }>(
      `SELECT v.*, ${SESSIONS_OF} FROM (
         SELECT m.*, count(*) OVER () AS total FROM viewers m WHERE ${matchOf('m')}
         ${orderOf('m')} LIMIT $2 OFFSET $3
       ) v ${orderOf('v')}`,
      [search, query.limit, query.offset],
    );
    // Past the last match the page is empty and carries no count: count the matches alone.
    const total =
      rows[0]?.total ??
      (
        await client.query<{ n: number }>(`SELECT count(*) AS n FROM viewers v WHERE ${matchOf('v')}`, [
          search,
        ])
      ).rows[0]!.n;
    const viewers = rows.map((row) => {
      const viewer: ViewerSummary & { total?: number } = { ...row };
      delete viewer.total;
      return viewer;
    });
    return { viewers, total };
  }

  async getViewer(client: PgClient, userId: string): Promise<ViewerSummary | null> {
    const { rows } = await client.query<ViewerSummary>(
      `SELECT v.*, ${SESSIONS_OF} FROM viewers v WHERE v.user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async listViewerSessions(client: PgClient, userId: string, limit: number): Promise<ViewerSessionEntry[]> {
    const { rows } = await client.query<ViewerSessionEntry>(
      `${VIEWER_SESSIONS} WHERE v.user_id = $1 ORDER BY v.session_id DESC LIMIT $2`,
      [userId, limit],
    );
    return rows;
  }

  async listSessionViewers(client: PgClient, query: SessionViewersQuery): Promise<SessionViewerTotals[]> {
    // The primary key's order (the database's collation): each page is one range scan of it.
    const { rows } = await client.query<SessionViewerTotals>(
      `SELECT * FROM session_viewers WHERE session_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3`,
      [query.session, query.after ?? '', query.limit],
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
      `SELECT g.user_id, g.gift_id, ${latest('g.gift_name', 'g.name_seq')} AS gift_name,
         sum(g.count) AS count, sum(g.coins) AS coins, max(g.biggest) AS biggest
       FROM session_viewer_gifts g JOIN sessions s ON s.id = g.session_id
       WHERE ${where} AND g.user_id = ANY($${args.length + 1}::text[])
       GROUP BY g.user_id, g.gift_id
       ORDER BY coins DESC, count DESC, g.gift_id`,
      [...args, users],
    );
    return giftsByUser(rows);
  }
}

/**
 * Each viewer's `metric` summed over these sessions, above zero; with `needs`, only the viewers it
 * names first and those whose sum reaches its floor, among those whose total reaches its least.
 */
async function metricOf(
  client: PgClient,
  metric: CounterField,
  sessions: number[],
  needs?: OpenNeeds,
): Promise<UserValue[]> {
  if (sessions.length === 0) return [];
  if (needs && needs.least > 0) {
    // The open sessions' rows are rewritten at every batch, and reading each costs a visibility
    // check: look up only the viewers whose total could carry them into the first, one by one.
    // The order is forced: the statistics know nothing of a session that opened since they were
    // taken, guess it has one row and would read all of its rows to look each viewer up. The
    // bound has the column's type, or the planner would not use the column's statistics either.
    const fractional = FRACTIONAL_COUNTERS.has(metric);
    const sql = `WITH candidates AS MATERIALIZED (
        SELECT user_id FROM viewers WHERE ${metric} >= $4::${fractional ? 'float8' : 'bigint'}
      )
      SELECT c.user_id, o.value FROM candidates c CROSS JOIN LATERAL (
        SELECT sum(x.${metric})::float8 AS value FROM session_viewers x
        WHERE x.session_id = ANY($1::bigint[]) AND x.user_id = c.user_id AND x.${metric} > 0
      ) o
      WHERE o.value IS NOT NULL AND (o.value >= $2 OR c.user_id = ANY($3::text[]))`;
    const least = fractional ? needs.least : Math.ceil(needs.least);
    return (await client.query<UserValue>(sql, [sessions, needs.floor, needs.first, least])).rows;
  }
  const sql = `SELECT user_id, sum(${metric})::float8 AS value FROM session_viewers
    WHERE session_id = ANY($1::bigint[]) AND ${metric} > 0 GROUP BY user_id
    ${needs ? `HAVING sum(${metric}) >= $2 OR user_id = ANY($3::text[])` : ''}`;
  const args = needs ? [sessions, needs.floor, needs.first] : [sessions];
  return (await client.query<UserValue>(sql, args)).rows;
}

/** The value of `column` in the row with the highest `order` of a group (the latest name). */
function latest(column: string, order = 'v.name_seq'): string {
  return `(array_agg(${column} ORDER BY ${order} DESC))[1]`;
}

function scopeFilter(scope: SessionScope): { where: string; args: number[] } {
  if (scope === 'all') return { where: 'true', args: [] };
  if ('session' in scope) return { where: 's.id = $1', args: [scope.session] };
  return { where: 's.started_at >= $1 AND s.started_at < $2', args: [scope.from, scope.to] };
}
