import { CLIP_PERIODS } from '../core/clip-periods.js';

/** The few expressions the engines spell differently. */
export interface ClipRebuildDialect {
  /** The larger of two values (`max(a, b)` on SQLite, `greatest(a, b)` on PostgreSQL). */
  greater(a: string, b: string): string;
}

/**
 * The temp table a rebuild fills first, in JS, with each clip's place in the profile's calendar
 * (`all_time` is 0 for every clip, so all time groups like the other periods).
 */
export const CLIP_PLACE_COLUMNS = ['seq', 'day', 'week', 'month', 'all_time', 'weekday', 'hour'] as const;

const FROM = 'FROM clips c JOIN clip_place p ON p.seq = c.seq';

/**
 * The statements that fill the clip aggregates from the clips and `clip_place` in one pass per
 * table and period, grouping in SQL (the same rows as applying every clip's deltas, ADR 0023):
 * names and game ids are the latest written, a game's best clip the most viewed, first seen on a
 * tie. The aggregate tables must be empty; `clip_names` and `clip_game_ids` are made here and
 * are temp tables like `clip_place`.
 */
export function clipRebuildStatements(d: ClipRebuildDialect): string[] {
  const shares = d.greater('c.discord_shares', 'c.counted_shares');
  const reactions = d.greater('c.discord_reactions', 'c.counted_reactions');
  const sums = `count(*), sum(c.view_count), sum(${shares}), sum(${reactions})`;
  const statements = [
    `CREATE TEMP TABLE clip_names AS SELECT creator_platform, creator_id, creator_name FROM (
       SELECT creator_platform, creator_id, creator_name,
         row_number() OVER (PARTITION BY creator_platform, creator_id ORDER BY last_updated DESC, seq DESC) AS rn
       FROM clips) x WHERE rn = 1`,
    `CREATE TEMP TABLE clip_game_ids AS SELECT game_name, game_id FROM (
       SELECT game_name, game_id, row_number() OVER (PARTITION BY game_name ORDER BY last_updated DESC, seq DESC) AS rn
       FROM clips WHERE game_id IS NOT NULL) x WHERE rn = 1`,
  ];
  for (const period of CLIP_PERIODS) {
    const col = `p.${period}`;
    statements.push(
      `INSERT INTO clip_totals (period_type, period_start, clip_count, total_views, discord_shares, discord_reactions)
       SELECT '${period}', ${col}, ${sums} ${FROM} GROUP BY ${col}`,
      `INSERT INTO clip_creator_stats (period_type, period_start, creator_platform, creator_id, creator_name,
         clip_count, total_views, discord_shares, discord_reactions, unique_games)
       SELECT '${period}', g.period_start, g.creator_platform, g.creator_id, n.creator_name, g.clip_count, g.total_views,
         g.discord_shares, g.discord_reactions, g.unique_games
       FROM (SELECT ${col} AS period_start, c.creator_platform, c.creator_id, count(*) AS clip_count,
           sum(c.view_count) AS total_views, sum(${shares}) AS discord_shares, sum(${reactions}) AS discord_reactions,
           count(DISTINCT c.game_name) AS unique_games
         ${FROM} GROUP BY ${col}, c.creator_platform, c.creator_id) g
       JOIN clip_names n ON n.creator_platform = g.creator_platform AND n.creator_id = g.creator_id`,
      `INSERT INTO clip_game_stats (period_type, period_start, game_name, game_id, clip_count, total_views,
         discord_shares, discord_reactions, unique_creators, top_clip_seq, top_clip_views)
       SELECT '${period}', g.period_start, g.game_name, i.game_id, g.clip_count, g.total_views, g.discord_shares,
         g.discord_reactions, g.unique_creators, t.seq, t.view_count
       FROM (SELECT ${col} AS period_start, c.game_name, count(*) AS clip_count, sum(c.view_count) AS total_views,
           sum(${shares}) AS discord_shares, sum(${reactions}) AS discord_reactions,
           count(DISTINCT c.creator_platform || '/' || c.creator_id) AS unique_creators
         ${FROM} GROUP BY ${col}, c.game_name) g
       JOIN (SELECT period_start, game_name, seq, view_count FROM (
           SELECT ${col} AS period_start, c.game_name, c.seq, c.view_count,
             row_number() OVER (PARTITION BY ${col}, c.game_name ORDER BY c.view_count DESC, c.seq) AS rn
           ${FROM}) x WHERE rn = 1) t ON t.period_start = g.period_start AND t.game_name = g.game_name
       LEFT JOIN clip_game_ids i ON i.game_name = g.game_name`,
      `INSERT INTO clip_pairs (period_type, period_start, creator_platform, creator_id, game_name, clip_count)
       SELECT '${period}', ${col}, c.creator_platform, c.creator_id, c.game_name, count(*)
       ${FROM} GROUP BY ${col}, c.creator_platform, c.creator_id, c.game_name`,
    );
    if (period !== 'all_time') {
      statements.push(
        `INSERT INTO clip_rank (period_type, period_start, seq, view_count) SELECT '${period}', ${col}, c.seq, c.view_count ${FROM}`,
      );
    }
  }
  statements.push(
    `INSERT INTO clip_peak (weekday, hour, clip_count, total_views)
     SELECT p.weekday, p.hour, count(*), sum(c.view_count) ${FROM} GROUP BY p.weekday, p.hour`,
    'DROP TABLE clip_names',
    'DROP TABLE clip_game_ids',
    'DROP TABLE clip_place',
  );
  return statements;
}
