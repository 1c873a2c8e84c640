import type { Rollup } from '../core/aggregates.js';
import { addCounters, emptyCounters, type Counters } from '../core/counters.js';
import { ViewerAccumulator } from '../analytics/session-report/viewer-accumulator.js';
import type { ViewerStats } from '../analytics/session-report/session-report.js';
import type { ExportResolution } from './export-query.js';
import type { ZonedClock } from './zoned-clock.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const SIZES: Record<Exclude<ExportResolution, 'day'>, number> = {
  minute: MINUTE_MS,
  '5min': 5 * MINUTE_MS,
  '15min': 15 * MINUTE_MS,
  hour: 60 * MINUTE_MS,
};

/** One stream's rollups summed over one interval. */
export interface RollupBucket extends Counters {
  at: number;
  stream: string;
  viewers: ViewerStats;
  events: number;
}

/**
 * The start of the interval holding `minute`, on the profile's wall clock: hours and days begin
 * where its clock shows :00 and midnight (an Indian hour starts at :30 UTC).
 */
export function bucketStart(minute: number, resolution: ExportResolution, clock: ZonedClock): number {
  const offset = clock.offset(minute);
  if (resolution !== 'day') {
    const size = SIZES[resolution];
    return Math.floor((minute + offset) / size) * size - offset;
  }
  const midnight = Math.floor((minute + offset) / DAY_MS) * DAY_MS;
  // Midnight may have another offset than `minute` (a DST change that day): correct once.
  return midnight - clock.offset(midnight - offset);
}

interface Slot {
  counters: Counters;
  viewers: ViewerAccumulator;
  events: number;
}

/**
 * Sums rollups read in minute order into buckets per stream, the way a session report's timeline
 * does (counters summed, viewers as last/min/max/average of the readings). Feed pages with `add`;
 * finished buckets come back in order of time, then stream; `finish` gives the last ones.
 */
export class RollupBucketer {
  private current: number | null = null;
  private slots = new Map<string, Slot>();

  constructor(
    private readonly resolution: ExportResolution,
    private readonly clock: ZonedClock,
  ) {}

  add(rollups: readonly Rollup[]): RollupBucket[] {
    const done: RollupBucket[] = [];
    for (const r of rollups) {
      const at = bucketStart(r.minute, this.resolution, this.clock);
      if (at !== this.current) {
        done.push(...this.drain());
        this.current = at;
      }
      let slot = this.slots.get(r.stream);
      if (!slot) {
        slot = { counters: emptyCounters(), viewers: new ViewerAccumulator(), events: 0 };
        this.slots.set(r.stream, slot);
      }
      addCounters(slot.counters, r);
      slot.viewers.addRollup(r);
      slot.events += r.events;
    }
    return done;
  }

  finish(): RollupBucket[] {
    return this.drain();
  }

  private drain(): RollupBucket[] {
    if (this.current === null) return [];
    const at = this.current;
    const streams = [...this.slots.keys()].sort();
    const out = streams.map((stream) => {
      const slot = this.slots.get(stream)!;
      return { at, stream, viewers: slot.viewers.result(), events: slot.events, ...slot.counters };
    });
    this.slots = new Map();
    this.current = null;
    return out;
  }
}
