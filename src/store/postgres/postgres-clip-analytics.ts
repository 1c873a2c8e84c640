import type { ClipPeriod } from '../../core/clip-periods.js';
import type {
  ClipCreatorStats,
  ClipGameStats,
  ClipOverviewStats,
  ClipPeriodKey,
} from '../clip-analytics.port.js';
import type { ClipPeakRow, ClipSums } from '../clip-aggregates.js';
import type { PgClient } from './postgres-pool.js';

const CREATORS = `SELECT creator_platform, creator_id, creator_name, clip_count, total_views, discord_shares,
    discord_reactions, unique_games,
    coalesce((SELECT game_name FROM clip_pairs p WHERE p.period_type = c.period_type AND p.period_start = c.period_start
       AND p.creator_platform = c.creator_platform AND p.creator_id = c.creator_id
     ORDER BY p.clip_count DESC, p.game_name COLLATE "C" LIMIT 1), '') AS top_game
  FROM clip_creator_stats c WHERE period_type = $1 AND period_start = $2
  ORDER BY clip_count DESC, total_views DESC, creator_id LIMIT $3`;

const GAMES = `SELECT g.game_name, g.game_id, g.clip_count, g.total_views, g.discord_shares, g.discord_reactions,
    g.unique_creators,
    CASE WHEN c.seq IS NULL THEN NULL ELSE json_build_object('seq', c.seq, 'clip_id', c.clip_id, 'title', c.title,
      'url', c.url, 'view_count', g.top_clip_views) END AS top_clip
  FROM clip_game_stats g LEFT JOIN clips c ON c.seq = g.top_clip_seq
  WHERE g.period_type = $1 AND g.period_start = $2
  ORDER BY g.clip_count DESC, g.total_views DESC, g.game_name COLLATE "C" LIMIT $3`;

/** Clip analytics read from a profile's clip aggregates (migration 0008). */
export class PostgresClipAnalytics {
  async overview(c: PgClient, p: ClipPeriodKey, end: number | null): Promise<ClipOverviewStats> {
    const key = [p.period_type, p.period_start];
    const { rows } = await c.query<ClipSums & { unique_creators: number; unique_games: number }>(
      `SELECT coalesce(t.clip_count, 0) AS clip_count, coalesce(t.total_views, 0) AS total_views,
         coalesce(t.discord_shares, 0) AS discord_shares, coalesce(t.discord_reactions, 0) AS discord_reactions,
         (SELECT count(*) FROM clip_creator_stats WHERE period_type = $1 AND period_start = $2)::int AS unique_creators,
         (SELECT count(*) FROM clip_game_stats WHERE period_type = $1 AND period_start = $2)::int AS unique_games
       FROM (SELECT 1) one LEFT JOIN clip_totals t ON t.period_type = $1 AND t.period_start = $2`,
      key,
    );
    const range = await c.query<{ first: number | null; last: number | null }>(
      `SELECT (SELECT created_at FROM clips WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at LIMIT 1) AS first,
         (SELECT created_at FROM clips WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at DESC LIMIT 1) AS last`,
      [p.period_start, end ?? Number.MAX_SAFE_INTEGER],
    );
    const [topGame] = await this.games(c, p, 1);
    const [topCreator] = await this.creators(c, p, 1);
    return {
      ...rows[0]!,
      first_created: range.rows[0]!.first,
      last_created: range.rows[0]!.last,
      top_game: topGame ? { name: topGame.game_name, clip_count: topGame.clip_count } : null,
      top_creator: topCreator ? { name: topCreator.creator_name, clip_count: topCreator.clip_count } : null,
    };
  }

  async creators(c: PgClient, p: ClipPeriodKey, limit: number): Promise<ClipCreatorStats[]> {
    return (await c.query<ClipCreatorStats>(CREATORS, [p.period_type, p.period_start, limit])).rows;
  }

  async games(c: PgClient, p: ClipPeriodKey, limit: number): Promise<ClipGameStats[]> {
    return (await c.query<ClipGameStats>(GAMES, [p.period_type, p.period_start, limit])).rows;
  }

  async timeline(
    c: PgClient,
    type: Exclude<ClipPeriod, 'all_time'>,
    from: number,
    to: number,
  ): Promise<(ClipPeriodKey & ClipSums)[]> {
    const { rows } = await c.query<ClipPeriodKey & ClipSums>(
      `SELECT period_type, period_start, clip_count, total_views, discord_shares, discord_reactions FROM clip_totals
       WHERE period_type = $1 AND period_start >= $2 AND period_start < $3 ORDER BY period_start`,
      [type, from, to],
    );
    return rows;
  }

  async peakTimes(c: PgClient): Promise<ClipPeakRow[]> {
    return (
      await c.query<ClipPeakRow>(
        'SELECT weekday, hour, clip_count, total_views FROM clip_peak ORDER BY weekday, hour',
      )
    ).rows;
  }
}
