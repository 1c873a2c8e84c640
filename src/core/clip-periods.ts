import { offsetAt, startOf, startOfNext, wallClock, zonedInstant } from './zoned-time.js';

/**
 * The periods clip analytics are kept by (the clip seed's `period_type`): the calendar day, week
 * (Monday) and month in the profile's time zone, and all time.
 */
export const CLIP_PERIODS = ['day', 'week', 'month', 'all_time'] as const;
export type ClipPeriod = (typeof CLIP_PERIODS)[number];

/** Where a clip made at an instant falls: the start of its day, week and month (all time: 0), its local weekday (0 = Monday) and hour. */
export interface ClipPlacement {
  starts: Record<ClipPeriod, number>;
  weekday: number;
  hour: number;
}

const DAY_MS = 86_400_000;
const CACHE_LIMIT = 100_000;

/**
 * Places instants in calendar periods of one time zone. A zone's offset changes at most a few
 * times a year: it is read at both ends of each UTC day (cached), and on a day where the two
 * agree, the local wall clock is the instant shifted by it. Only a day with a change reads the
 * wall clock of each instant.
 */
export class ClipCalendar {
  private readonly dayStarts = new Map<string, number>();
  private readonly offsets = new Map<number, number | null>();

  constructor(readonly timeZone: string) {}

  place(ms: number): ClipPlacement {
    const offset = this.steadyOffset(Math.floor(ms / DAY_MS));
    let w: { year: number; month: number; day: number; hour: number; weekday: number };
    if (offset === null) w = wallClock(ms, this.timeZone);
    else {
      const local = new Date(ms + offset);
      w = {
        year: local.getUTCFullYear(),
        month: local.getUTCMonth() + 1,
        day: local.getUTCDate(),
        hour: local.getUTCHours(),
        weekday: (local.getUTCDay() + 6) % 7,
      };
    }
    return {
      starts: {
        day: this.instant(w.year, w.month, w.day),
        week: this.instant(w.year, w.month, w.day - w.weekday),
        month: this.instant(w.year, w.month, 1),
        all_time: 0,
      },
      weekday: w.weekday,
      hour: w.hour,
    };
  }

  /** The zone's offset through UTC day `day` (days since the epoch), or null if it changes that day. */
  private steadyOffset(day: number): number | null {
    let offset = this.offsets.get(day);
    if (offset === undefined) {
      if (this.offsets.size >= CACHE_LIMIT) this.offsets.clear();
      const start = offsetAt(day * DAY_MS, this.timeZone);
      offset = offsetAt((day + 1) * DAY_MS - 1000, this.timeZone) === start ? start : null;
      this.offsets.set(day, offset);
    }
    return offset;
  }

  /** The end (exclusive) of the period of `type` starting at `start`; null for all time. */
  endOf(type: ClipPeriod, start: number): number | null {
    return type === 'all_time' ? null : startOfNext(type, start, this.timeZone);
  }

  private instant(year: number, month: number, day: number): number {
    const key = `${year}-${month}-${day}`;
    let ms = this.dayStarts.get(key);
    if (ms === undefined) {
      if (this.dayStarts.size >= CACHE_LIMIT) this.dayStarts.clear();
      ms = zonedInstant(this.timeZone, year, month, day);
      this.dayStarts.set(key, ms);
    }
    return ms;
  }
}

/** The period of `type` holding `now` in the zone: its start and end (all time: 0 and null). */
export function currentClipPeriod(
  type: ClipPeriod,
  now: number,
  timeZone: string,
): { start: number; end: number | null } {
  if (type === 'all_time') return { start: 0, end: null };
  return { start: startOf(type, now, timeZone), end: startOfNext(type, now, timeZone) };
}
