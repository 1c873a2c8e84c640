import { startOf, startOfNext, wallClock, zonedInstant } from './zoned-time.js';

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

/**
 * Places instants in calendar periods of one time zone. Boundaries are cached by local date, so
 * placing many clips costs one wall-clock reading each.
 */
export class ClipCalendar {
  private readonly dayStarts = new Map<string, number>();

  constructor(readonly timeZone: string) {}

  place(ms: number): ClipPlacement {
    const w = wallClock(ms, this.timeZone);
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

  /** The end (exclusive) of the period of `type` starting at `start`; null for all time. */
  endOf(type: ClipPeriod, start: number): number | null {
    return type === 'all_time' ? null : startOfNext(type, start, this.timeZone);
  }

  private instant(year: number, month: number, day: number): number {
    const key = `${year}-${month}-${day}`;
    let ms = this.dayStarts.get(key);
    if (ms === undefined) {
      if (this.dayStarts.size > 10_000) this.dayStarts.clear();
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
