import { startOf, startOfNext, wallClock } from '../../core/zoned-time.js';
import type { SimPlatform } from './platform-activity.js';
import type { SeededRandom } from './seeded-random.js';

/** One past broadcast of a simulated channel, epoch ms, with the audience it had. */
export interface Broadcast {
  start: number;
  end: number;
  /** The viewers it reverts to (see ViewerModelParams.baseViewers). */
  baseViewers: number;
}

const MINUTE_MS = 60_000;

/** A slot a channel goes live in: from `hours` (local), for `minutes`, on `chance` of the days. */
interface Slot {
  hours: readonly number[];
  minutes: readonly [number, number];
  chance: number;
  /** 0 = Monday ... 6 = Sunday; every day when absent. */
  weekdays?: readonly number[];
}

/**
 * When each kind of channel usually streams, in the profile's local time: TikTok in the evening
 * and often at lunchtime, Twitch long evenings and weekend afternoons.
 */
const SCHEDULE: Readonly<Record<SimPlatform, readonly Slot[]>> = {
  tiktok: [
    { hours: [12, 13, 14], minutes: [50, 90], chance: 0.45 },
    { hours: [18, 19, 20, 21], minutes: [100, 170], chance: 0.95 },
  ],
  twitch: [
    { hours: [14, 15], minutes: [100, 150], chance: 0.9, weekdays: [5, 6] },
    { hours: [19, 20, 21], minutes: [150, 220], chance: 0.9 },
  ],
};

const AUDIENCE: Readonly<Record<SimPlatform, readonly [number, number]>> = {
  tiktok: [600, 1100],
  twitch: [300, 700],
};

/**
 * The broadcasts a channel of `platform` plausibly made from `from` to `to`, in time order, in
 * the time zone's days and hours; only whole ones that ended at least `clearMs` before `to` (so
 * the channel is off the air between its last one and the present). Weekends draw more viewers.
 */
export function planBroadcasts(
  platform: SimPlatform,
  window: { from: number; to: number; timeZone: string; clearMs: number },
  rng: SeededRandom,
): Broadcast[] {
  const { from, to, timeZone } = window;
  const broadcasts: Broadcast[] = [];
  for (let day = startOf('day', from, timeZone); day < to; day = startOfNext('day', day, timeZone)) {
    const weekday = wallClock(day, timeZone).weekday;
    for (const slot of SCHEDULE[platform]) {
      if (slot.weekdays && !slot.weekdays.includes(weekday)) continue;
      if (!rng.chance(slot.chance)) continue;
      // The wall-clock hour from the start of the day: an hour off on the days clocks change.
      const start = day + rng.pick(slot.hours) * 3600_000 + rng.int(0, 3) * 15 * MINUTE_MS;
      const end = start + rng.int(slot.minutes[0], slot.minutes[1]) * MINUTE_MS;
      const [low, high] = AUDIENCE[platform];
      const weekend = weekday >= 5 ? 1.25 : 1;
      const baseViewers = Math.round(rng.between(low, high) * weekend);
      if (start >= from && end <= to - window.clearMs) broadcasts.push({ start, end, baseViewers });
    }
  }
  return broadcasts;
}
