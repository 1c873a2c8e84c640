import type { CounterField } from '../../core/counters.js';
import { sessionNotFound } from '../../core/errors.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { GiftTotal, LeaderboardReads, ProfileStores, SessionReads } from '../../store/ports.js';
import { resolvePeriod, type PeriodRequest, type ResolvedPeriod } from './leaderboard-period.js';

/** What a leaderboard ranks by, and the counter behind it. */
export const LEADERBOARD_METRICS = {
  coins: 'coins',
  gifts: 'gifts',
  messages: 'comments',
  likes: 'likes',
  shares: 'shares',
} as const satisfies Record<string, CounterField>;

export type LeaderboardMetric = keyof typeof LEADERBOARD_METRICS;

export interface LeaderboardEntry {
  rank: number;
  viewer: { id: string; name: string; display: string | null };
  total: number;
  gift_types: GiftTotal[];
  biggest_gift: { gift_id: string; gift_name: string; coins: number } | null;
  last_activity: number;
}

export interface Leaderboard {
  metric: LeaderboardMetric;
  period: Omit<ResolvedPeriod, 'scope'> & { session: number | null; timezone: string };
  entries: LeaderboardEntry[];
}

/** Who gave what: viewers ranked over a session or a calendar period, read from the aggregates. */
export class LeaderboardService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: ProfileStores<LeaderboardReads & SessionReads>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(
    profile: string,
    metric: LeaderboardMetric,
    period: PeriodRequest,
    limit: number,
  ): Promise<Leaderboard> {
    const timezone = await this.profiles.getTimeZone(profile);
    const resolved = resolvePeriod(period, timezone, this.now());
    const store = await this.engine.openProfile(profile);
    const { scope, ...shown } = resolved;
    const session = scope !== 'all' && 'session' in scope ? scope.session : null;
    if (session !== null && !(await store.getSession(session))) throw sessionNotFound(profile, session);
    const counter = LEADERBOARD_METRICS[metric];
    const rows = await store.leaderboard({ metric: counter, scope, limit });
    return {
      metric,
      period: { ...shown, session, timezone },
      entries: rows.map((r, i) => ({
        rank: i + 1,
        viewer: { id: r.user_id, name: r.name, display: r.display },
        total: r[counter],
        gift_types: r.gift_types,
        biggest_gift: r.biggest_gift,
        last_activity: r.last_seen,
      })),
    };
  }
}
