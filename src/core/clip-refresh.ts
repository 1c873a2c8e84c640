const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How often a clip's view count is read again, by its age: a clip gathers most of its views in
 * its first days, so young clips are read often and old ones rarely. Ordered by age.
 */
export const CLIP_REFRESH_TIERS: readonly { youngerThan: number; every: number }[] = [
  { youngerThan: DAY, every: 15 * MINUTE },
  { youngerThan: 7 * DAY, every: 2 * HOUR },
  { youngerThan: 30 * DAY, every: 12 * HOUR },
  { youngerThan: Number.POSITIVE_INFINITY, every: 7 * DAY },
];

/** Clips made in `[createdFrom, createdTo)` are due when last read before `readBefore` (epoch ms). */
export interface ClipRefreshWindow {
  createdFrom: number;
  createdTo: number;
  readBefore: number;
}

/** The refresh tiers at `now`, as ranges of creation time and the read time each needs. */
export function clipRefreshWindows(now: number): ClipRefreshWindow[] {
  let younger = 0;
  return CLIP_REFRESH_TIERS.map((tier) => {
    const window = {
      createdFrom:
        tier.youngerThan === Number.POSITIVE_INFINITY ? Number.MIN_SAFE_INTEGER : now - tier.youngerThan,
      createdTo: younger === 0 ? now + 1 : now - younger,
      readBefore: now - tier.every,
    };
    younger = tier.youngerThan;
    return window;
  });
}

/** Whether a clip made at `createdAt` and last read at `lastUpdated` is due to be read at `now`. */
export function isClipRefreshDue(createdAt: number, lastUpdated: number, now: number): boolean {
  return clipRefreshWindows(now).some(
    (w) => createdAt >= w.createdFrom && createdAt < w.createdTo && lastUpdated < w.readBefore,
  );
}
