/**
 * Calendar boundaries in an IANA time zone, without a date library: Intl gives the wall-clock
 * fields of an instant in the zone, and the instant of a wall-clock time is found by correcting a
 * UTC guess with the zone's offset (twice, so a DST change between guess and answer is handled).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows (e.g. `Europe/Berlin`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Monday ... 6 = Sunday. */
  weekday: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The wall-clock fields of instant `ms` in `timeZone`. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** The zone's offset from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant of a wall-clock time in the zone (month 1-12; day may overflow, like Date.UTC). */
export function zonedInstant(timeZone: string, year: number, month: number, day: number): number {
  const guess = Date.UTC(year, month - 1, day);
  let ms = guess - offsetAt(guess, timeZone);
  ms = guess - offsetAt(ms, timeZone);
  return ms;
}

export type CalendarUnit = 'day' | 'week' | 'month';

/** The start of the day, week (Monday) or month holding instant `ms`, in the zone. */
export function startOf(unit: CalendarUnit, ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  if (unit === 'month') return zonedInstant(timeZone, w.year, w.month, 1);
  if (unit === 'week') return zonedInstant(timeZone, w.year, w.month, w.day - w.weekday);
  return zonedInstant(timeZone, w.year, w.month, w.day);
}

/** The start of the next day, week or month after the one holding `ms`. */
export function startOfNext(unit: CalendarUnit, ms: number, timeZone: string): number {
  const w = wallClock(startOf(unit, ms, timeZone), timeZone);
  if (unit === 'month') return zonedInstant(timeZone, w.year, w.month + 1, 1);
  return zonedInstant(timeZone, w.year, w.month, w.day + (unit === 'week' ? 7 : 1));
}
