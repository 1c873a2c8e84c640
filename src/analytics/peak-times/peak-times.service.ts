import { ValidationError } from '../../core/errors.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { ProfileStores, SessionReads } from '../../store/ports.js';
import { resolvePeriod, type PeriodRequest } from '../leaderboards/leaderboard-period.js';
import { peakGrid, type PeakCell } from './peak-grid.js';

export interface PeakTimes {
  /** The profile's time zone: the weekdays and hours of the cells are its own. */
  timezone: string;
  period: { kind: string; from: number | null; to: number | null };
  /** The cells with activity, by weekday then hour. */
  cells: PeakCell[];
}

/**
 * When the audience is there: the weekday x hour grid of a period in the profile's time zone,
 * from the quarter-hour rollups of every stream.
 */
export class PeakTimesService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: ProfileStores<Pick<SessionReads, 'listQuarterRollups'>>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws `ValidationError` for a period that is not a range of time (one session). */
  async get(profile: string, period: PeriodRequest): Promise<PeakTimes> {
    const timezone = await this.profiles.getTimeZone(profile);
    const now = this.now();
    const resolved = resolvePeriod(period, timezone, now);
    if (resolved.kind === 'session') {
      throw new ValidationError('peak times cover a period', [
        {
          field: 'period',
          message:
            'must be a range of time (today, week, month, last7d, last30d, all or custom), not a session',
        },
      ]);
    }
    const from = resolved.from ?? 0;
    const to = resolved.to ?? now + 1;
    const store = await this.engine.openProfile(profile);
    const quarters = await store.listQuarterRollups({ from, to });
    return {
      timezone,
      period: { kind: resolved.kind, from: resolved.from, to: resolved.to },
      cells: peakGrid(quarters, timezone),
    };
  }
}
