import { currentClipPeriod, type ClipPeriod } from '../../core/clip-periods.js';
import { startOf, startOfNext, wallClock } from '../../core/zoned-time.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { ClipAnalyticsReads, ClipPeriodKey } from '../../store/clip-analytics.port.js';
import type { ClipSums } from '../../store/clip-aggregates.js';
import type { ProfileStores, StoredClip } from '../../store/ports.js';
import {
  toCreator,
  toGame,
  toViralClip,
  type ClipOverview,
  type ClipPeakTimes,
  type ClipTimeline,
  type TopClipCreators,
  type TopClipGames,
  type ViralClips,
} from './clip-analytics.views.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * The clip seed's analytics of a profile: overview, top creators and games, viral clips, the
 * engagement timeline and peak times, per period (today, this week, this month in the profile's
 * time zone, or all time), from aggregates kept as clips change.
 */
export class ClipAnalyticsService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: ProfileStores<ClipAnalyticsReads>,
    private readonly now: () => number = Date.now,
  ) {}

  async overview(profile: string, type: ClipPeriod): Promise<ClipOverview> {
    const { store, timeZone, period, end } = await this.open(profile, type);
    const o = await store.clipOverview(timeZone, period, end);
    const day = (ms: number | null) => (ms === null ? null : isoDate(ms, timeZone));
    return {
      period: type,
      ...bounds(period, end),
      total_clips: o.clip_count,
      total_views: o.total_views,
      unique_creators: o.unique_creators,
      unique_games: o.unique_games,
      discord_shares: o.discord_shares,
      discord_reactions: o.discord_reactions,
      date_range: { start: day(o.first_created), end: day(o.last_created) },
      top_game: o.top_game,
      top_creator: o.top_creator,
    };
  }

  async topCreators(profile: string, type: ClipPeriod, limit: number): Promise<TopClipCreators> {
    const { store, timeZone, period, end } = await this.open(profile, type);
    const rows = await store.topClipCreators(timeZone, period, limit);
    return { period: type, ...bounds(period, end), creators: rows.map(toCreator) };
  }

  async topGames(profile: string, type: ClipPeriod, limit: number): Promise<TopClipGames> {
    const { store, timeZone, period, end } = await this.open(profile, type);
    const rows = await store.topClipGames(timeZone, period, limit);
    return { period: type, ...bounds(period, end), games: rows.map(toGame) };
  }

  async viralClips(profile: string, type: ClipPeriod, limit: number, minViews: number): Promise<ViralClips> {
    const { store, timeZone, period, end } = await this.open(profile, type);
    const clips: StoredClip[] = await store.viralClips(timeZone, period, minViews, limit);
    return { period: type, ...bounds(period, end), min_views: minViews, clips: clips.map(toViralClip) };
  }

  /** Clips per day, week or month of the last `days` days, every period listed (empty ones as zeros). */
  async timeline(
    profile: string,
    type: Exclude<ClipPeriod, 'all_time'>,
    days: number,
  ): Promise<ClipTimeline> {
    const { timeZone, store } = await this.profileOf(profile);
    const now = this.now();
    const first = startOf(type, startOf('day', now, timeZone) - (days - 1) * 86_400_000, timeZone);
    const end = startOfNext(type, now, timeZone);
    const rows = await store.clipTimeline(timeZone, type, first, end);
    const byStart = new Map(rows.map((r) => [r.period_start, r]));
    const timeline = [];
    for (let at = first; at < end; at = startOfNext(type, at, timeZone)) {
      const r: ClipSums | undefined = byStart.get(at);
      timeline.push({
        date: isoDate(at, timeZone),
        period_start: new Date(at).toISOString(),
        clip_count: r?.clip_count ?? 0,
        total_views: r?.total_views ?? 0,
        discord_shares: r?.discord_shares ?? 0,
        discord_reactions: r?.discord_reactions ?? 0,
      });
    }
    return { period: type, days, timezone: timeZone, timeline };
  }

  /** When clips are made: by hour of day, by day of week and both, in the profile's time zone. */
  async peakTimes(profile: string): Promise<ClipPeakTimes> {
    const { timeZone, store } = await this.profileOf(profile);
    const cells = await store.clipPeakTimes(timeZone);
    const hourly = Array.from({ length: 24 }, (_, hour) => ({ hour, clip_count: 0, total_views: 0 }));
    const daily = WEEKDAYS.map((day, weekday) => ({ weekday, day, clip_count: 0, total_views: 0 }));
    for (const c of cells) {
      hourly[c.hour]!.clip_count += c.clip_count;
      hourly[c.hour]!.total_views += c.total_views;
      daily[c.weekday]!.clip_count += c.clip_count;
      daily[c.weekday]!.total_views += c.total_views;
    }
    return { timezone: timeZone, hourly, daily, grid: cells };
  }

  /** The profile's time zone (throws PROFILE_NOT_FOUND) and store. */
  private async profileOf(profile: string) {
    const timeZone = await this.profiles.getTimeZone(profile);
    return { timeZone, store: await this.engine.openProfile(profile) };
  }

  /** The profile's time zone and store, and the current period of `type`. */
  private async open(profile: string, type: ClipPeriod) {
    const { timeZone, store } = await this.profileOf(profile);
    const { start, end } = currentClipPeriod(type, this.now(), timeZone);
    const period: ClipPeriodKey = { period_type: type, period_start: start };
    return { store, timeZone, period, end };
  }
}

/** The period's bounds as ISO-8601 (all time: null). */
function bounds(period: ClipPeriodKey, end: number | null) {
  return {
    period_start: end === null ? null : new Date(period.period_start).toISOString(),
    period_end: end === null ? null : new Date(end).toISOString(),
  };
}

/** The local date of an instant in the zone, as YYYY-MM-DD. */
function isoDate(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
