import type { ClipPeriod } from '../core/clip-periods.js';
import type { ClipAggregateSnapshot } from './clip-aggregate-snapshot.js';
import type { ClipSums } from './clip-aggregates.js';
import type { StoredClip } from './clip-store.port.js';

/** One period of the clip aggregates: its type and start (epoch ms; all time: 0). */
export interface ClipPeriodKey {
  period_type: ClipPeriod;
  period_start: number;
}

/** A creator's clips in a period (the clip seed's CreatorAnalytics). */
export interface ClipCreatorStats extends ClipSums {
  creator_platform: string;
  creator_id: string;
  creator_name: string;
  unique_games: number;
  /** The game they clipped most in the period ('' for clips without a game). */
  top_game: string;
}

/** A game's clips in a period (the clip seed's GameAnalytics). */
export interface ClipGameStats extends ClipSums {
  game_name: string;
  game_id: string | null;
  unique_creators: number;
  top_clip: { seq: number; clip_id: string; title: string; url: string; view_count: number } | null;
}

export interface ClipOverviewStats extends ClipSums {
  unique_creators: number;
  unique_games: number;
  /** First and last clip made in the period (epoch ms), null without clips. */
  first_created: number | null;
  last_created: number | null;
  top_game: { name: string; clip_count: number } | null;
  top_creator: { name: string; clip_count: number } | null;
}

/**
 * A profile's clip analytics, read from aggregates kept as clips change (per day, week and month
 * in the profile's time zone, and all time), in the zone the caller names: when it is not the
 * one they were kept in, they are rebuilt first.
 */
export interface ClipAnalyticsReads {
  clipOverview(timeZone: string, period: ClipPeriodKey, end: number | null): Promise<ClipOverviewStats>;
  topClipCreators(timeZone: string, period: ClipPeriodKey, limit: number): Promise<ClipCreatorStats[]>;
  topClipGames(timeZone: string, period: ClipPeriodKey, limit: number): Promise<ClipGameStats[]>;
  /** Clips made in the period with at least `minViews` views, most viewed first. */
  viralClips(timeZone: string, period: ClipPeriodKey, minViews: number, limit: number): Promise<StoredClip[]>;
  /** Periods of a type starting in `[from, to)`, oldest first. */
  clipTimeline(
    timeZone: string,
    type: Exclude<ClipPeriod, 'all_time'>,
    from: number,
    to: number,
  ): Promise<(ClipPeriodKey & ClipSums)[]>;
  /** Clips by local weekday (0 = Monday) and hour. */
  clipPeakTimes(
    timeZone: string,
  ): Promise<{ weekday: number; hour: number; clip_count: number; total_views: number }[]>;
}

/** Keeping the clip aggregates honest: rebuild them, and compare them with a recomputation. */
export interface ClipAggregateMaintenance {
  rebuildClipAggregates(timeZone: string): Promise<void>;
  /** The aggregates as stored and as recomputed from the clips, in the zone they are kept in. */
  checkClipAggregates(): Promise<{ stored: ClipAggregateSnapshot; recomputed: ClipAggregateSnapshot }>;
}
