import { totalBytesOf, type StorageReading } from './resource-readings.js';

const DAY_MS = 86_400_000;

/** How fast the data grows, extrapolated to a day from the readings of a recent span. */
export interface StorageGrowth {
  /** The span the figures are measured over (ms): up to the last day. */
  spanMs: number;
  /** Growth of everything (system data and profiles) per day, in bytes; negative when it shrank. */
  bytesPerDay: number;
  /** Each profile of the newest reading, with its growth per day (from 0 for a profile new in the span). */
  profiles: { profile: string; bytes: number; bytesPerDay: number }[];
}

/**
 * The growth of the data over the last day of `readings` (oldest first), or over as much of it as
 * there is; null when the readings span less than `minSpanMs` (a server just started knows
 * nothing of its growth yet).
 */
export function estimateGrowth(readings: readonly StorageReading[], minSpanMs: number): StorageGrowth | null {
  const newest = readings.at(-1);
  if (!newest) return null;
  const base = readings.find((r) => r.at >= newest.at - DAY_MS)!;
  const spanMs = newest.at - base.at;
  if (spanMs <= 0 || spanMs < minSpanMs) return null;
  const perDay = (grown: number) => (grown / spanMs) * DAY_MS;
  const before = new Map(base.profiles.map((p) => [p.profile, p.bytes]));
  return {
    spanMs,
    bytesPerDay: perDay(totalBytesOf(newest) - totalBytesOf(base)),
    profiles: newest.profiles.map((p) => ({
      profile: p.profile,
      bytes: p.bytes,
      bytesPerDay: perDay(p.bytes - (before.get(p.profile) ?? 0)),
    })),
  };
}

/**
 * Keeps a history within `max` entries however long it runs: past it, every other entry of the
 * older half goes, so recent entries stay dense and old ones sparse, the oldest always kept.
 * Returns the same array, thinned in place.
 */
export function thinHistory<T>(entries: T[], max: number): T[] {
  if (entries.length <= max) return entries;
  const half = Math.floor(entries.length / 2);
  const older = entries.slice(0, half).filter((_, i) => i % 2 === 0);
  entries.splice(0, half, ...older);
  return entries;
}
