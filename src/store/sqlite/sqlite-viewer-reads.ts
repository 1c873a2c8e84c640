import type Database from 'better-sqlite3';
import {
  checkedCounter,
  giftsByUser,
  likePattern,
  sortField,
  VIEWER_SUMS,
  withGifts,
  type GiftRow,
} from '../viewer-read-rules.js';
import type { SessionViewerTotals, ViewerTotals } from '../../core/aggregates.js';
import type { LeaderboardQuery, LeaderboardRow, SessionScope, ViewerQuery, ViewerSummary } from '../ports.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Reads over the per-viewer aggregates of one profile database: leaderboards over a session
 * scope (summing `session_viewers`, or `viewers` for all time) and viewer profiles.
 * Column names are never taken from input: sort and metric are checked against the counters.
 */
export class SqliteViewerReads {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: SqliteDatabase) {}

  leaderboard(query: LeaderboardQuery): LeaderboardRow[] {
    const metric = checkedCounter(query.metric);
    const { where, args } = scopeFilter(query.scope);
    const rows =
      query.scope === 'all'
        ? (this.sql(
            `SELECT * FROM viewers v WHERE v.${metric} > 0 ORDER BY v.${metric} DESC, v.user_id LIMIT ?`,
          ).all(query.limit) as ViewerTotals[])
        : (this.sql(
            `WITH t AS (
               SELECT v.user_id, min(v.first_seen) AS first_seen, max(v.last_seen) AS last_seen,
                 max(v.name_seq) AS name_seq, ${VIEWER_SUMS}
               FROM session_viewers v JOIN sessions s ON s.id = v.session_id
               WHERE ${where} GROUP BY v.user_id
             )
             SELECT t.*, n.name, n.display FROM t
             JOIN session_viewers n ON n.user_id = t.user_id AND n.name_seq = t.name_seq
             WHERE t.${metric} > 0 ORDER BY t.${metric} DESC, t.user_id LIMIT ?`,
          ).all(...args, query.limit) as ViewerTotals[]);
    const gifts = this.giftsOf(
      rows.map((r) => r.user_id),
      query.scope,
    );
    return withGifts(rows, gifts);
  }

  listViewers(query: ViewerQuery): { viewers: ViewerSummary[]; total: number } {
    const sort = sortField(query);
    const search = likePattern(query.search);
    const filter = search ? `WHERE v.name LIKE ? ESCAPE '\\' OR v.display LIKE ? ESCAPE '\\'` : '';
    const args = search ? [search, search] : [];
    const total = (
      this.sql(`SELECT count(*) AS n FROM viewers v ${filter}`).get(...args) as { n: number }
    ).n;
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

  listViewerSessions(userId: string, limit: number): SessionViewerTotals[] {
    return this.sql('SELECT * FROM session_viewers WHERE user_id = ? ORDER BY session_id DESC LIMIT ?').all(
      userId,
      limit,
    ) as SessionViewerTotals[];
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
