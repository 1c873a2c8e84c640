import { offsetAt } from '../core/zoned-time.js';

const QUARTER_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
/** Days from Excel's day 0 (30 December 1899, in its 1900 date system) to 1 January 1970. */
const EXCEL_EPOCH_DAYS = 25_569;
/** Offsets kept before the cache starts over (an export walks time forwards: few are needed). */
const MAX_CACHED = 4_096;

/**
 * Instants as a profile's time zone shows them: ISO-8601 text with the zone's offset, or Excel
 * date numbers of the wall-clock time. Every zone changes its offset on a quarter hour, so one
 * offset per quarter hour is looked up (Intl is slow: an export formats millions of times).
 */
export class ZonedClock {
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {}

  /** The zone's offset from UTC at `ms`, in ms (positive east of Greenwich). */
  offset(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_MS);
    let offset = this.offsets.get(quarter);
    if (offset === undefined) {
      if (this.offsets.size >= MAX_CACHED) this.offsets.clear();
      offset = offsetAt(quarter * QUARTER_MS, this.timeZone);
      this.offsets.set(quarter, offset);
    }
    return offset;
  }

  /** `2026-01-10T19:00:00.000+01:00`: the wall-clock time in the zone, with its offset. */
  iso(ms: number): string {
    const offset = this.offset(ms);
    const wall = new Date(ms + offset).toISOString();
    return `${wall.slice(0, -1)}${offsetText(offset)}`;
  }

  /** The wall-clock time in the zone as an Excel date number (days since 1899-12-30). */
  excelDate(ms: number): number {
    return (ms + this.offset(ms)) / DAY_MS + EXCEL_EPOCH_DAYS;
  }
}

function offsetText(offset: number): string {
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}
