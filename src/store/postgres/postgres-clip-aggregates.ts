import { ClipCalendar } from '../../core/clip-periods.js';
import type { ClipAggregateDeltas, ClipFacts } from '../clip-aggregates.js';
import { canonicalClipAggregates, type ClipAggregateSnapshot } from '../clip-aggregate-snapshot.js';
import { CLIP_PLACE_COLUMNS, clipRebuildStatements } from '../clip-rebuild-sql.js';
import type { PgClient } from './postgres-pool.js';

/** A clip's facts as the aggregates count them: Discord counts are the larger of pushed and counted. */
export const PG_CLIP_FACTS = `SELECT seq, creator_platform, creator_id, creator_name, game_id, game_name, created_at,
  view_count, greatest(discord_shares, counted_shares) AS shares,
  greatest(discord_reactions, counted_reactions) AS reactions FROM clips`;

type PgType = 'text' | 'bigint';
type Columns = Record<string, PgType>;

const AT: Columns = { period_type: 'text', period_start: 'bigint' };
const SUMS: Columns = {
  clip_count: 'bigint',
  total_views: 'bigint',
  discord_shares: 'bigint',
  discord_reactions: 'bigint',
};
const CREATOR: Columns = { ...AT, creator_platform: 'text', creator_id: 'text' };
const GAME: Columns = { ...AT, game_name: 'text' };
const PAIR: Columns = { ...CREATOR, game_name: 'text' };
const PEAK: Columns = { weekday: 'bigint', hour: 'bigint' };
const REBUILD_CHUNK = 10_000;
const PLACE: Columns = {
  seq: 'bigint',
  day: 'bigint',
  week: 'bigint',
  month: 'bigint',
  all_time: 'bigint',
  weekday: 'bigint',
  hour: 'bigint',
};

/** `unnest($n::type[], ...) AS k (columns)` and its parameters (each column's values of the rows). */
function unnest(columns: Columns, rows: readonly object[], from = 1) {
  const names = Object.keys(columns);
  const text = `unnest(${names.map((n, i) => `$${from + i}::${columns[n]}[]`).join(', ')}) AS k (${names.join(', ')})`;
  const values = names.map((n) => rows.map((r) => (r as Record<string, unknown>)[n] ?? null));
  return { text, values };
}

/** `table.col = other.col AND ...` over the key columns. */
const matches = (keys: Columns, table: string, other = 'k') =>
  Object.keys(keys)
    .map((k) => `${table}.${k} = ${other}.${k}`)
    .join(' AND ');

/**
 * Adds rows' sums to a table by key (set-based, one statement), sets `also` columns, and deletes
 * the rows left without a clip.
 */
async function addSums(
  c: PgClient,
  table: string,
  keys: Columns,
  sums: Columns,
  rows: readonly object[],
  also: Record<string, { type: PgType; set: string }> = {},
): Promise<void> {
  if (rows.length === 0) return;
  const extra: Columns = Object.fromEntries(Object.entries(also).map(([k, v]) => [k, v.type]));
  const all = { ...keys, ...sums, ...extra };
  const u = unnest(all, rows);
  const sets = [
    ...Object.keys(sums).map((s) => `${s} = t.${s} + excluded.${s}`),
    ...Object.entries(also).map(([k, v]) => `${k} = ${v.set}`),
  ];
  await c.query(
    `INSERT INTO ${table} AS t (${Object.keys(all).join(', ')}) SELECT * FROM ${u.text}
     ON CONFLICT (${Object.keys(keys).join(', ')}) DO UPDATE SET ${sets.join(', ')}`,
    u.values,
  );
  const k = unnest(keys, rows);
  await c.query(
    `DELETE FROM ${table} t USING ${k.text} WHERE ${matches(keys, 't')} AND t.clip_count <= 0`,
    k.values,
  );
}

/** The distinct rows by these key columns. */
function distinct(rows: readonly object[], keys: Columns): object[] {
  const seen = new Map<string, object>();
  for (const r of rows)
    seen.set(JSON.stringify(Object.keys(keys).map((k) => (r as Record<string, unknown>)[k])), r);
  return [...seen.values()];
}

/**
 * A profile's clip aggregates in its schema (migration 0008), kept in the write transaction of
 * the clip writes that change them, set-based: the same rules as the embedded engine.
 */
export class PostgresClipAggregates {
  private calendarOfZone: ClipCalendar | null = null;

  /** The calendar of `timeZone`, kept while the zone stays (its placements are cached). */
  calendar(timeZone: string): ClipCalendar {
    if (this.calendarOfZone?.timeZone !== timeZone) this.calendarOfZone = new ClipCalendar(timeZone);
    return this.calendarOfZone;
  }

  /** The time zone the aggregates are kept in; built first (in UTC) if they never were. */
  async zone(c: PgClient): Promise<string> {
    const { rows } = await c.query<{ time_zone: string }>(
      'SELECT time_zone FROM clip_stats_zone WHERE id = 1',
    );
    const zone = rows[0]!.time_zone;
    if (zone !== '') return zone;
    await this.rebuild(c, 'UTC');
    return 'UTC';
  }

  async apply(c: PgClient, d: ClipAggregateDeltas): Promise<void> {
    await addSums(c, 'clip_totals', AT, SUMS, d.totals);
    await addSums(c, 'clip_creator_stats', CREATOR, SUMS, d.creators, {
      creator_name: { type: 'text', set: 'excluded.creator_name' },
    });
    await addSums(c, 'clip_game_stats', GAME, SUMS, d.games, {
      game_id: { type: 'text', set: 'coalesce(excluded.game_id, t.game_id)' },
    });
    await addSums(c, 'clip_pairs', PAIR, { clip_count: 'bigint' }, d.pairs);
    await addSums(c, 'clip_peak', PEAK, { clip_count: 'bigint', total_views: 'bigint' }, d.peak);
    if (d.pairs.length > 0) {
      const creators = unnest(CREATOR, distinct(d.pairs, CREATOR));
      await c.query(
        `UPDATE clip_creator_stats s SET unique_games = (SELECT count(*) FROM clip_pairs p WHERE ${matches(CREATOR, 'p', 's')})
         FROM ${creators.text} WHERE ${matches(CREATOR, 's')}`,
        creators.values,
      );
      const games = unnest(GAME, distinct(d.pairs, GAME));
      await c.query(
        `UPDATE clip_game_stats s SET unique_creators = (SELECT count(*) FROM clip_pairs p WHERE ${matches(GAME, 'p', 's')})
         FROM ${games.text} WHERE ${matches(GAME, 's')}`,
        games.values,
      );
    }
    await this.keepTops(c, d);
    await this.keepRanks(c, d);
  }

  /** Deletes the rank rows of clips whose views or time changed, then writes their new ones. */
  private async keepRanks(c: PgClient, d: ClipAggregateDeltas): Promise<void> {
    const RANK: Columns = { ...AT, seq: 'bigint' };
    if (d.unranks.length > 0) {
      const u = unnest(RANK, d.unranks);
      await c.query(`DELETE FROM clip_rank t USING ${u.text} WHERE ${matches(RANK, 't')}`, u.values);
    }
    if (d.ranks.length > 0) {
      const u = unnest({ ...RANK, view_count: 'bigint' }, d.ranks);
      await c.query(
        `INSERT INTO clip_rank (period_type, period_start, seq, view_count) SELECT * FROM ${u.text}
         ON CONFLICT (period_type, period_start, seq) DO UPDATE SET view_count = excluded.view_count`,
        u.values,
      );
    }
  }

  /** Recomputes the best clip of groups whose best may have lost its place, then offers each group its best candidate. */
  private async keepTops(c: PgClient, d: ClipAggregateDeltas): Promise<void> {
    const suspects = d.tops.flatMap((t) =>
      t.suspects.map((seq) => ({ ...t, period_end: t.period_end ?? Number.MAX_SAFE_INTEGER, seq })),
    );
    if (suspects.length > 0) {
      const u = unnest({ ...GAME, period_end: 'bigint', seq: 'bigint' }, suspects);
      await c.query(
        `UPDATE clip_game_stats g SET (top_clip_seq, top_clip_views) = (
           SELECT b.seq, b.view_count FROM clips b WHERE b.game_name = g.game_name
             AND b.created_at >= k.period_start AND b.created_at < k.period_end
           ORDER BY b.view_count DESC, b.seq LIMIT 1)
         FROM ${u.text} WHERE ${matches(GAME, 'g')} AND g.top_clip_seq = k.seq`,
        u.values,
      );
    }
    const best = d.tops.filter((t) => t.best).map((t) => ({ ...t, seq: t.best!.seq, views: t.best!.views }));
    if (best.length === 0) return;
    const u = unnest({ ...GAME, seq: 'bigint', views: 'bigint' }, best);
    await c.query(
      `UPDATE clip_game_stats g SET top_clip_seq = k.seq, top_clip_views = k.views FROM ${u.text}
       WHERE ${matches(GAME, 'g')} AND (g.top_clip_seq IS NULL OR g.top_clip_seq = k.seq
         OR k.views > g.top_clip_views OR (k.views = g.top_clip_views AND k.seq < g.top_clip_seq))`,
      u.values,
    );
  }

  /** Builds the aggregates again from the clips, in `timeZone` (in the caller's write transaction). */
  async rebuild(c: PgClient, timeZone: string): Promise<void> {
    await c.query(
      'TRUNCATE clip_totals, clip_creator_stats, clip_game_stats, clip_pairs, clip_peak, clip_rank',
    );
    await c.query('UPDATE clip_stats_zone SET time_zone = $1 WHERE id = 1', [timeZone]);
    await c.query(
      'CREATE TEMP TABLE clip_place (seq bigint PRIMARY KEY, day bigint, week bigint, month bigint, all_time bigint, weekday int, hour int)',
    );
    const calendar = this.calendar(timeZone);
    let after = 0;
    for (;;) {
      const { rows } = await c.query<{ seq: number; created_at: number }>(
        'SELECT seq, created_at FROM clips WHERE seq > $1 ORDER BY seq LIMIT $2',
        [after, REBUILD_CHUNK],
      );
      if (rows.length === 0) break;
      const places = rows.map(({ seq, created_at }) => {
        const p = calendar.place(created_at);
        return { seq, ...p.starts, weekday: p.weekday, hour: p.hour };
      });
      const u = unnest(PLACE, places);
      await c.query(
        `INSERT INTO clip_place (${CLIP_PLACE_COLUMNS.join(', ')}) SELECT * FROM ${u.text}`,
        u.values,
      );
      after = rows[rows.length - 1]!.seq;
    }
    await c.query('ANALYZE clip_place');
    for (const sql of clipRebuildStatements({ greater: (a, b) => `greatest(${a}, ${b})` }))
      await c.query(sql);
  }

  async snapshot(c: PgClient): Promise<ClipAggregateSnapshot> {
    const all = async <T extends object>(table: string) => (await c.query<T>(`SELECT * FROM ${table}`)).rows;
    return canonicalClipAggregates({
      totals: await all('clip_totals'),
      creators: await all('clip_creator_stats'),
      games: await all('clip_game_stats'),
      pairs: await all('clip_pairs'),
      peak: await all('clip_peak'),
      ranks: await all('clip_rank'),
    });
  }

  async allFacts(c: PgClient): Promise<ClipFacts[]> {
    return (await c.query<ClipFacts>(`${PG_CLIP_FACTS} ORDER BY seq`)).rows;
  }
}
