import type { ClipPeriod } from '../../core/clip-periods.js';
import type {
  ClipCreatorStats,
  ClipGameStats,
  ClipOverviewStats,
  ClipPeriodKey,
} from '../clip-analytics.port.js';
import type { ClipSums } from '../clip-aggregates.js';
import type { SqliteClipAggregates } from './sqlite-clip-aggregates.js';
import type { SqliteDatabase } from './sqlite-database.js';

type Key = [string, number];
type GameRow = Omit<ClipGameStats, 'top_clip'> & {
  top_seq: number | null;
  top_clip_id: string | null;
  top_title: string | null;
  top_url: string | null;
  top_views: number | null;
};

const RANK = 'ORDER BY clip_count DESC, total_views DESC';

/** Clip analytics read from a profile's clip aggregates (migration 0008), on the log thread. */
export class SqliteClipAnalytics {
  private readonly stmts;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly aggregates: SqliteClipAggregates,
  ) {
    this.stmts = {
      totals: db.prepare<Key, ClipSums>(
        `SELECT clip_count, total_views, discord_shares, discord_reactions FROM clip_totals
         WHERE period_type = ? AND period_start = ?`,
      ),
      creatorCount: db
        .prepare<Key, number>(
          'SELECT count(*) FROM clip_creator_stats WHERE period_type = ? AND period_start = ?',
        )
        .pluck(),
      gameCount: db
        .prepare<Key, number>(
          'SELECT count(*) FROM clip_game_stats WHERE period_type = ? AND period_start = ?',
        )
        .pluck(),
      creators: db.prepare<[...Key, number], ClipCreatorStats>(
        `SELECT creator_platform, creator_id, creator_name, clip_count, total_views, discord_shares, discord_reactions,
           unique_games,
           (SELECT game_name FROM clip_pairs p WHERE p.period_type = c.period_type AND p.period_start = c.period_start
              AND p.creator_platform = c.creator_platform AND p.creator_id = c.creator_id
            ORDER BY p.clip_count DESC, p.game_name LIMIT 1) AS top_game
         FROM clip_creator_stats c WHERE period_type = ? AND period_start = ? ${RANK}, creator_id LIMIT ?`,
      ),
      games: db.prepare<[...Key, number], GameRow>(
        `SELECT g.game_name, g.game_id, g.clip_count, g.total_views, g.discord_shares, g.discord_reactions,
           g.unique_creators, c.seq AS top_seq, c.clip_id AS top_clip_id, c.title AS top_title, c.url AS top_url,
           g.top_clip_views AS top_views
         FROM clip_game_stats g LEFT JOIN clips c ON c.seq = g.top_clip_seq
         WHERE g.period_type = ? AND g.period_start = ? ORDER BY g.clip_count DESC, g.total_views DESC, g.game_name LIMIT ?`,
      ),
      createdRange: db.prepare<[{ from: number; to: number }], { first: number | null; last: number | null }>(
        // Two index seeks: min() and max() of a range in one query would read the whole range.
        `SELECT (SELECT created_at FROM clips WHERE created_at >= @from AND created_at < @to ORDER BY created_at LIMIT 1) AS first,
           (SELECT created_at FROM clips WHERE created_at >= @from AND created_at < @to ORDER BY created_at DESC LIMIT 1) AS last`,
      ),
      timeline: db.prepare<[string, number, number], ClipPeriodKey & ClipSums>(
        `SELECT period_type, period_start, clip_count, total_views, discord_shares, discord_reactions FROM clip_totals
         WHERE period_type = ? AND period_start >= ? AND period_start < ? ORDER BY period_start`,
      ),
      peak: db.prepare<[], { weekday: number; hour: number; clip_count: number; total_views: number }>(
        'SELECT weekday, hour, clip_count, total_views FROM clip_peak ORDER BY weekday, hour',
      ),
    };
  }

  overview(timeZone: string, p: ClipPeriodKey, end: number | null): ClipOverviewStats {
    this.inZone(timeZone);
    const key: Key = [p.period_type, p.period_start];
    const sums = this.stmts.totals.get(...key) ?? {
      clip_count: 0,
      total_views: 0,
      discord_shares: 0,
      discord_reactions: 0,
    };
    const topGame = this.stmts.games.get(...key, 1);
    const topCreator = this.stmts.creators.get(...key, 1);
    const range = this.stmts.createdRange.get({ from: p.period_start, to: end ?? Number.MAX_SAFE_INTEGER })!;
    return {
      ...sums,
      unique_creators: this.stmts.creatorCount.get(...key)!,
      unique_games: this.stmts.gameCount.get(...key)!,
      first_created: range.first,
      last_created: range.last,
      top_game: topGame ? { name: topGame.game_name, clip_count: topGame.clip_count } : null,
      top_creator: topCreator ? { name: topCreator.creator_name, clip_count: topCreator.clip_count } : null,
    };
  }

  creators(timeZone: string, p: ClipPeriodKey, limit: number): ClipCreatorStats[] {
    this.inZone(timeZone);
    return this.stmts.creators
      .all(p.period_type, p.period_start, limit)
      .map((r) => ({ ...r, top_game: r.top_game ?? '' }));
  }

  games(timeZone: string, p: ClipPeriodKey, limit: number): ClipGameStats[] {
    this.inZone(timeZone);
    return this.stmts.games.all(p.period_type, p.period_start, limit).map(toGameStats);
  }

  timeline(timeZone: string, type: Exclude<ClipPeriod, 'all_time'>, from: number, to: number) {
    this.inZone(timeZone);
    return this.stmts.timeline.all(type, from, to);
  }

  peakTimes(timeZone: string) {
    this.inZone(timeZone);
    return this.stmts.peak.all();
  }

  /** Rebuilds the aggregates in `timeZone` when they are kept in another. */
  private inZone(timeZone: string): void {
    this.aggregates.ensureZone(timeZone);
  }
}

function toGameStats(r: GameRow): ClipGameStats {
  const { top_seq, top_clip_id, top_title, top_url, top_views, ...stats } = r;
  return {
    ...stats,
    top_clip:
      top_seq === null
        ? null
        : { seq: top_seq, clip_id: top_clip_id!, title: top_title!, url: top_url!, view_count: top_views! },
  };
}
