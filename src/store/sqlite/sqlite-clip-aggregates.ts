import { ClipCalendar } from '../../core/clip-periods.js';
import {
  type ClipAggregateDeltas,
  type ClipFacts,
  type ClipPairRow,
  type ClipTopChange,
} from '../clip-aggregates.js';
import { canonicalClipAggregates, type ClipAggregateSnapshot } from '../clip-aggregate-snapshot.js';
import { CLIP_PLACE_COLUMNS, clipRebuildStatements } from '../clip-rebuild-sql.js';
import type { SqliteDatabase } from './sqlite-database.js';

const SUMS = 'clip_count, total_views, discord_shares, discord_reactions';
const ADD_SUMS = `clip_count = clip_count + excluded.clip_count, total_views = total_views + excluded.total_views,
  discord_shares = discord_shares + excluded.discord_shares, discord_reactions = discord_reactions + excluded.discord_reactions`;

/** A clip's facts as the aggregates count them: Discord counts are the larger of pushed and counted. */
export const SQLITE_CLIP_FACTS = `SELECT seq, creator_platform, creator_id, creator_name, game_id, game_name, created_at,
  view_count, max(discord_shares, counted_shares) AS shares, max(discord_reactions, counted_reactions) AS reactions
  FROM clips`;

const REBUILD_CHUNK = 10_000;
const AGGREGATE_TABLES = [
  'clip_totals',
  'clip_creator_stats',
  'clip_game_stats',
  'clip_pairs',
  'clip_peak',
  'clip_rank',
];

/**
 * A profile's clip aggregates in its log file (migration 0008), kept in the same transaction as
 * the clip writes that change them: sums added, emptied rows deleted, unique counts recounted
 * where pairs changed, and each game group's best clip kept (recomputed only when it may have
 * lost its place).
 */
export class SqliteClipAggregates {
  private readonly stmts;

  constructor(private readonly db: SqliteDatabase) {
    this.stmts = {
      zone: db.prepare('SELECT time_zone FROM clip_stats_zone WHERE id = 1').pluck(),
      setZone: db.prepare('UPDATE clip_stats_zone SET time_zone = ? WHERE id = 1'),
      totals: db.prepare(
        `INSERT INTO clip_totals (period_type, period_start, ${SUMS})
         VALUES (@period_type, @period_start, @clip_count, @total_views, @discord_shares, @discord_reactions)
         ON CONFLICT DO UPDATE SET ${ADD_SUMS}`,
      ),
      dropTotals: db.prepare(
        'DELETE FROM clip_totals WHERE period_type = ? AND period_start = ? AND clip_count <= 0',
      ),
      creators: db.prepare(
        `INSERT INTO clip_creator_stats (period_type, period_start, creator_platform, creator_id, creator_name, ${SUMS})
         VALUES (@period_type, @period_start, @creator_platform, @creator_id, @creator_name,
           @clip_count, @total_views, @discord_shares, @discord_reactions)
         ON CONFLICT DO UPDATE SET ${ADD_SUMS}, creator_name = excluded.creator_name`,
      ),
      dropCreator: db.prepare(
        `DELETE FROM clip_creator_stats WHERE period_type = ? AND period_start = ? AND creator_platform = ?
         AND creator_id = ? AND clip_count <= 0`,
      ),
      games: db.prepare(
        `INSERT INTO clip_game_stats (period_type, period_start, game_name, game_id, ${SUMS})
         VALUES (@period_type, @period_start, @game_name, @game_id, @clip_count, @total_views, @discord_shares, @discord_reactions)
         ON CONFLICT DO UPDATE SET ${ADD_SUMS}, game_id = coalesce(excluded.game_id, game_id)`,
      ),
      dropGame: db.prepare(
        'DELETE FROM clip_game_stats WHERE period_type = ? AND period_start = ? AND game_name = ? AND clip_count <= 0',
      ),
      pairs: db
        .prepare<[ClipPairRow], number>(
          `INSERT INTO clip_pairs (period_type, period_start, creator_platform, creator_id, game_name, clip_count)
           VALUES (@period_type, @period_start, @creator_platform, @creator_id, @game_name, @clip_count)
           ON CONFLICT DO UPDATE SET clip_count = clip_count + excluded.clip_count RETURNING clip_count`,
        )
        .pluck(),
      dropPair: db.prepare(
        `DELETE FROM clip_pairs WHERE period_type = ? AND period_start = ? AND creator_platform = ? AND creator_id = ?
         AND game_name = ? AND clip_count <= 0`,
      ),
      uniqueGames: db.prepare(
        `UPDATE clip_creator_stats SET unique_games = unique_games + ?
         WHERE period_type = ? AND period_start = ? AND creator_platform = ? AND creator_id = ?`,
      ),
      uniqueCreators: db.prepare(
        `UPDATE clip_game_stats SET unique_creators = unique_creators + ?
         WHERE period_type = ? AND period_start = ? AND game_name = ?`,
      ),
      peak: db.prepare(
        `INSERT INTO clip_peak (weekday, hour, clip_count, total_views) VALUES (@weekday, @hour, @clip_count, @total_views)
         ON CONFLICT DO UPDATE SET clip_count = clip_count + excluded.clip_count, total_views = total_views + excluded.total_views`,
      ),
      unrank: db.prepare('DELETE FROM clip_rank WHERE period_type = ? AND period_start = ? AND seq = ?'),
      rank: db.prepare(
        `INSERT INTO clip_rank (period_type, period_start, seq, view_count) VALUES (@period_type, @period_start, @seq, @view_count)
         ON CONFLICT DO UPDATE SET view_count = excluded.view_count`,
      ),
      dropPeak: db.prepare('DELETE FROM clip_peak WHERE weekday = ? AND hour = ? AND clip_count <= 0'),
      top: db.prepare<[string, number, string], { seq: number | null; views: number | null }>(
        `SELECT top_clip_seq AS seq, top_clip_views AS views FROM clip_game_stats
         WHERE period_type = ? AND period_start = ? AND game_name = ?`,
      ),
      setTop: db.prepare(
        `UPDATE clip_game_stats SET top_clip_seq = ?, top_clip_views = ?
         WHERE period_type = ? AND period_start = ? AND game_name = ?`,
      ),
      offerTop: db.prepare(
        `UPDATE clip_game_stats SET top_clip_seq = @seq, top_clip_views = @views
         WHERE period_type = @period_type AND period_start = @period_start AND game_name = @game_name
           AND (top_clip_seq IS NULL OR top_clip_seq = @seq OR @views > top_clip_views
             OR (@views = top_clip_views AND @seq < top_clip_seq))`,
      ),
      bestOfAllTime: db.prepare<[string], { seq: number; views: number }>(
        `SELECT seq, view_count AS views FROM clips WHERE game_name = ? ORDER BY view_count DESC, seq LIMIT 1`,
      ),
      bestOfPeriod: db.prepare<[string, number, number], { seq: number; views: number }>(
        `SELECT seq, view_count AS views FROM clips WHERE game_name = ? AND created_at >= ? AND created_at < ?
         ORDER BY view_count DESC, seq LIMIT 1`,
      ),
      timesAfter: db.prepare<[number, number], { seq: number; created_at: number }>(
        'SELECT seq, created_at FROM clips WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
    };
  }

  private calendarOfZone: ClipCalendar | null = null;

  /** The calendar of `timeZone`, kept while the zone stays (its placements are cached). */
  calendar(timeZone: string): ClipCalendar {
    if (this.calendarOfZone?.timeZone !== timeZone) this.calendarOfZone = new ClipCalendar(timeZone);
    return this.calendarOfZone;
  }

  /** The time zone the aggregates are kept in; built first (in UTC) if they never were. */
  zone(): string {
    const zone = this.stmts.zone.get() as string;
    if (zone !== '') return zone;
    this.rebuild('UTC');
    return 'UTC';
  }

  /** Builds the aggregates again in `timeZone` when they are kept in another (or were never built). */
  ensureZone(timeZone: string): void {
    this.db.transaction(() => {
      if (this.zone() !== timeZone) this.rebuild(timeZone);
    })();
  }

  /** Applies deltas planned in the zone the aggregates are kept in (call in the write's transaction). */
  apply(d: ClipAggregateDeltas): void {
    const s = this.stmts;
    // A row can only be left without a clip when its count falls.
    for (const r of d.totals) {
      s.totals.run(r);
      if (r.clip_count < 0) s.dropTotals.run(r.period_type, r.period_start);
    }
    for (const r of d.creators) {
      s.creators.run(r);
      if (r.clip_count < 0)
        s.dropCreator.run(r.period_type, r.period_start, r.creator_platform, r.creator_id);
    }
    for (const r of d.games) {
      s.games.run(r);
      if (r.clip_count < 0) s.dropGame.run(r.period_type, r.period_start, r.game_name);
    }
    for (const p of d.pairs) this.applyPair(p);
    for (const c of d.peak) {
      s.peak.run(c);
      if (c.clip_count < 0) s.dropPeak.run(c.weekday, c.hour);
    }
    for (const t of d.tops) this.keepTop(t);
    for (const r of d.unranks) s.unrank.run(r.period_type, r.period_start, r.seq);
    for (const r of d.ranks) s.rank.run(r);
  }

  /** Adds a pair's count; a pair that appears or goes changes its creator's and game's unique counts. */
  private applyPair(p: ClipPairRow): void {
    const s = this.stmts;
    const count = s.pairs.get(p)!;
    let change = 0;
    if (count <= 0) {
      s.dropPair.run(p.period_type, p.period_start, p.creator_platform, p.creator_id, p.game_name);
      change = -1;
    } else if (count === p.clip_count) change = 1;
    if (change === 0) return;
    s.uniqueGames.run(change, p.period_type, p.period_start, p.creator_platform, p.creator_id);
    s.uniqueCreators.run(change, p.period_type, p.period_start, p.game_name);
  }

  /** Recomputes a game group's best clip if it may have lost its place, else offers the batch's best. */
  private keepTop(t: ClipTopChange): void {
    const s = this.stmts;
    const at = [t.period_type, t.period_start, t.game_name] as const;
    if (t.suspects.length > 0) {
      const row = s.top.get(...at);
      if (!row) return;
      if (row.seq !== null && t.suspects.includes(row.seq)) {
        const best =
          t.period_end === null
            ? s.bestOfAllTime.get(t.game_name)
            : s.bestOfPeriod.get(t.game_name, t.period_start, t.period_end);
        if (best) s.setTop.run(best.seq, best.views, ...at);
        return;
      }
    }
    if (t.best)
      s.offerTop.run({
        ...t.best,
        period_type: t.period_type,
        period_start: t.period_start,
        game_name: t.game_name,
      });
  }

  /** Builds the aggregates again from the clips, in `timeZone` (call in a transaction). */
  rebuild(timeZone: string): void {
    for (const table of AGGREGATE_TABLES) this.db.prepare(`DELETE FROM ${table}`).run();
    this.stmts.setZone.run(timeZone);
    for (const table of ['clip_place', 'clip_names', 'clip_game_ids'])
      this.db.exec(`DROP TABLE IF EXISTS temp.${table}`);
    this.db.exec(
      'CREATE TEMP TABLE clip_place (seq INTEGER PRIMARY KEY, day INTEGER, week INTEGER, month INTEGER, all_time INTEGER, weekday INTEGER, hour INTEGER)',
    );
    const place = this.db.prepare(
      `INSERT INTO clip_place (${CLIP_PLACE_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, 0, ?, ?)`,
    );
    const calendar = this.calendar(timeZone);
    let after = 0;
    for (;;) {
      const rows = this.stmts.timesAfter.all(after, REBUILD_CHUNK);
      if (rows.length === 0) break;
      for (const { seq, created_at } of rows) {
        const p = calendar.place(created_at);
        place.run(seq, p.starts.day, p.starts.week, p.starts.month, p.weekday, p.hour);
      }
      after = rows[rows.length - 1]!.seq;
    }
    for (const sql of clipRebuildStatements({ greater: (a, b) => `max(${a}, ${b})` })) this.db.exec(sql);
  }

  /** The aggregates as stored, to compare with a recomputation. */
  snapshot(): ClipAggregateSnapshot {
    const all = <T>(sql: string) => this.db.prepare(sql).all() as T[];
    return canonicalClipAggregates({
      totals: all('SELECT * FROM clip_totals'),
      creators: all('SELECT * FROM clip_creator_stats'),
      games: all('SELECT * FROM clip_game_stats'),
      pairs: all('SELECT * FROM clip_pairs'),
      peak: all('SELECT * FROM clip_peak'),
      ranks: all('SELECT * FROM clip_rank'),
    });
  }

  /** Every clip's facts, in seq order. */
  allFacts(): ClipFacts[] {
    return this.db.prepare(`${SQLITE_CLIP_FACTS} ORDER BY seq`).all() as ClipFacts[];
  }
}
