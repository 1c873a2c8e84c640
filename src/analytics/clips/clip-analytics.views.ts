import type { ClipPeriod } from '../../core/clip-periods.js';
import type { ClipCreatorStats, ClipGameStats } from '../../store/clip-analytics.port.js';
import type { StoredClip } from '../../store/ports.js';

/** A period as answered: its type and bounds (ISO-8601; null for all time). */
interface PeriodView {
  period: ClipPeriod;
  period_start: string | null;
  period_end: string | null;
}

/** The clip seed's overview, with the period it covers and Discord totals. */
export interface ClipOverview extends PeriodView {
  total_clips: number;
  total_views: number;
  unique_creators: number;
  unique_games: number;
  discord_shares: number;
  discord_reactions: number;
  /** Local dates (YYYY-MM-DD) of the first and last clip of the period. */
  date_range: { start: string | null; end: string | null };
  top_game: { name: string; clip_count: number } | null;
  top_creator: { name: string; clip_count: number } | null;
}

export interface ClipCreatorView {
  creator_name: string;
  creator_id: string;
  creator_platform: string;
  clip_count: number;
  total_views: number;
  avg_views: number;
  discord_shares: number;
  discord_reactions: number;
  unique_games: number;
  top_game: string;
}

export interface ClipGameView {
  game_name: string;
  game_id: string | null;
  clip_count: number;
  total_views: number;
  avg_views: number;
  discord_shares: number;
  discord_reactions: number;
  unique_creators: number;
  top_clip_id: string | null;
  top_clip_views: number | null;
  top_clip: { title: string; url: string } | null;
}

export interface ViralClipView {
  seq: number;
  platform: string;
  clip_id: string;
  url: string;
  title: string;
  creator_name: string;
  creator_id: string;
  game_name: string;
  view_count: number;
  discord_shares: number;
  discord_reactions: number;
  reaction_types: { emoji: string; count: number }[];
  created_at: string;
  thumbnail_url: string | null;
}

export interface TopClipCreators extends PeriodView {
  creators: ClipCreatorView[];
}

export interface TopClipGames extends PeriodView {
  games: ClipGameView[];
}

export interface ViralClips extends PeriodView {
  min_views: number;
  clips: ViralClipView[];
}

export interface ClipTimeline {
  period: Exclude<ClipPeriod, 'all_time'>;
  days: number;
  timezone: string;
  timeline: {
    /** The local date the day, week or month starts on (YYYY-MM-DD). */
    date: string;
    period_start: string;
    clip_count: number;
    total_views: number;
    discord_shares: number;
    discord_reactions: number;
  }[];
}

export interface ClipPeakTimes {
  timezone: string;
  hourly: { hour: number; clip_count: number; total_views: number }[];
  daily: { weekday: number; day: string; clip_count: number; total_views: number }[];
  grid: { weekday: number; hour: number; clip_count: number; total_views: number }[];
}

const average = (total: number, count: number) => (count === 0 ? 0 : Math.round((total / count) * 10) / 10);

export function toCreator(r: ClipCreatorStats): ClipCreatorView {
  return {
    creator_name: r.creator_name,
    creator_id: r.creator_id,
    creator_platform: r.creator_platform,
    clip_count: r.clip_count,
    total_views: r.total_views,
    avg_views: average(r.total_views, r.clip_count),
    discord_shares: r.discord_shares,
    discord_reactions: r.discord_reactions,
    unique_games: r.unique_games,
    top_game: r.top_game,
  };
}

export function toGame(r: ClipGameStats): ClipGameView {
  return {
    game_name: r.game_name,
    game_id: r.game_id,
    clip_count: r.clip_count,
    total_views: r.total_views,
    avg_views: average(r.total_views, r.clip_count),
    discord_shares: r.discord_shares,
    discord_reactions: r.discord_reactions,
    unique_creators: r.unique_creators,
    top_clip_id: r.top_clip?.clip_id ?? null,
    top_clip_views: r.top_clip?.view_count ?? null,
    top_clip: r.top_clip && { title: r.top_clip.title, url: r.top_clip.url },
  };
}

export function toViralClip(c: StoredClip): ViralClipView {
  return {
    seq: c.seq,
    platform: c.platform,
    clip_id: c.clip_id,
    url: c.url,
    title: c.title,
    creator_name: c.creator_name,
    creator_id: c.creator_id,
    game_name: c.game_name,
    view_count: c.view_count,
    discord_shares: c.discord_shares,
    discord_reactions: c.discord_reactions,
    reaction_types: c.reaction_types,
    created_at: new Date(c.created_at).toISOString(),
    thumbnail_url: c.thumbnail_url,
  };
}
