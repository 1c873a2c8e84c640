import { COUNTER_FIELDS, emptyCounters, type Counters } from '../../core/counters.js';
import { wallClock } from '../../core/zoned-time.js';
import type { QuarterRollup } from '../../store/ports.js';

const HOUR_MS = 3_600_000;

/** One weekday and hour of the profile's time zone, averaged over the hours in it that had activity. */
export interface PeakCell extends Counters {
  /** 0 = Monday ... 6 = Sunday. */
  weekday: number;
  /** 0-23, wall-clock hour in the profile's time zone. */
  hour: number;
  /** How many such hours (distinct dates) had a stream live or active. */
  hours: number;
  /** Average viewers in those hours: each stream's average reading, summed over the streams; null without readings. */
  viewers: number | null;
}

interface CellSums {
  counters: Counters;
  dates: Set<string>;
  /** Per stream: the sum and number of its viewer readings. */
  readings: Map<string, { sum: number; n: number }>;
}

/**
 * The weekday x hour grid of `buckets` (quarter hours: every zone's hours start on one) in `timeZone`: for
 * each cell with activity, the counters per live hour and the average viewers. The zone's offset
 * is looked up once per UTC hour (offsets change on hour boundaries in practice).
 */
export function peakGrid(buckets: readonly QuarterRollup[], timeZone: string): PeakCell[] {
  const cells = new Map<number, CellSums>();
  const offsets = new Map<number, number>();
  for (const b of buckets) {
    const local = new Date(
      b.quarter + offsetOf(Math.floor(b.quarter / HOUR_MS) * HOUR_MS, timeZone, offsets),
    );
    const weekday = (local.getUTCDay() + 6) % 7;
    const key = weekday * 24 + local.getUTCHours();
    let cell = cells.get(key);
    if (!cell) {
      cell = { counters: emptyCounters(), dates: new Set(), readings: new Map() };
      cells.set(key, cell);
    }
    cell.dates.add(local.toISOString().slice(0, 13));
    for (const f of COUNTER_FIELDS) cell.counters[f] += b[f];
    if (b.viewers_n > 0) {
      const r = cell.readings.get(b.stream) ?? { sum: 0, n: 0 };
      r.sum += b.viewers_sum;
      r.n += b.viewers_n;
      cell.readings.set(b.stream, r);
    }
  }
  return [...cells.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, cell]) => {
      const hours = cell.dates.size;
      const perHour = emptyCounters();
      for (const f of COUNTER_FIELDS) perHour[f] = round2(cell.counters[f] / hours);
      const streams = [...cell.readings.values()];
      const viewers = streams.length === 0 ? null : round2(streams.reduce((s, r) => s + r.sum / r.n, 0));
      return { weekday: Math.floor(key / 24), hour: key % 24, hours, viewers, ...perHour };
    });
}

function offsetOf(hourStart: number, timeZone: string, cache: Map<number, number>): number {
  let offset = cache.get(hourStart);
  if (offset === undefined) {
    const w = wallClock(hourStart, timeZone);
    offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - hourStart;
    cache.set(hourStart, offset);
  }
  return offset;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
