import type { ResourceAdvice } from './resource-advice.js';
import { MAX_RETENTION_DAYS } from './retention-days.js';
import type { StorageReading } from './resource-readings.js';
import { describeSpan, formatBytes } from './resource-text.js';
import type { StorageGrowth } from './storage-growth.js';

/** Shorter retentions a full disk may be told to keep, longest first. */
const RETENTION_STEPS = [60, 30, 14, 7];
/** Share of the room the data may use (what it takes now and what is free) a retention should fit in. */
const FIT_SHARE = 0.8;
/** Below this share of the disk free, it is nearly full whatever the growth. */
const LOW_DISK_SHARE = 0.1;
/** Full within this many days at today's growth: critical rather than a warning. */
const CRITICAL_DAYS = 7;

export interface DiskAdviceInput {
  storage: StorageReading | null;
  growth: StorageGrowth | null;
  /** Days of raw events each profile keeps. */
  retentionDays: (profile: string) => number;
  /** Warn when the disk is full within this many days at today's growth. */
  horizonDays: number;
  /** The span growth is measured over before it is told (for the "not enough history" note). */
  growthMinSpanMs: number;
}

/**
 * What to do about the room the data takes: the disk full within the horizon at today's growth
 * (with the retention that would keep it from filling), the disk nearly full, the database's
 * growth where its disk is not this machine's, or that growth is not known yet.
 */
export function adviseOnDisk(input: DiskAdviceInput): ResourceAdvice[] {
  const { storage, growth } = input;
  if (!storage) return [];
  const advice: ResourceAdvice[] = [];
  const disk = storage.disk;
  if (disk && disk.totalBytes > 0 && disk.freeBytes / disk.totalBytes < LOW_DISK_SHARE) {
    const percent = Math.round((disk.freeBytes / disk.totalBytes) * 100);
    advice.push({
      id: 'disk_low',
      severity: 'critical',
      text: `Only ${formatBytes(disk.freeBytes)} of the disk's ${formatBytes(disk.totalBytes)} is free (${percent}%): free some room, or keep raw events fewer days.`,
      figures: { free_bytes: disk.freeBytes, total_bytes: disk.totalBytes },
    });
  }
  if (!growth) {
    advice.push({
      id: 'growth_unknown',
      severity: 'info',
      text: `Not enough history yet to tell how fast the data grows: that takes ${describeSpan(input.growthMinSpanMs)} of readings.`,
      figures: {},
    });
    return advice;
  }
  if (!disk) {
    const total = storage.profiles.reduce((sum, p) => sum + p.bytes, storage.systemBytes);
    advice.push({
      id: 'database_growth',
      severity: 'info',
      text: `The data grows about ${formatBytes(Math.max(0, growth.bytesPerDay))} a day (${formatBytes(total)} now). The database server's disk is not measured here: make sure it has room for the days of events you keep.`,
      figures: { bytes_per_day: Math.round(growth.bytesPerDay), total_bytes: total },
    });
    return advice;
  }
  const full = diskFullAdvice(input, growth, disk.freeBytes);
  if (full) advice.push(full);
  return advice;
}

function diskFullAdvice(
  input: DiskAdviceInput,
  growth: StorageGrowth,
  freeBytes: number,
): ResourceAdvice | null {
  if (growth.bytesPerDay <= 0) return null;
  const days = freeBytes / growth.bytesPerDay;
  if (days >= input.horizonDays) return null;
  const when = days < 1 ? 'within a day' : `in about ${Math.round(days)} days`;
  const opening = `At today's growth (${formatBytes(growth.bytesPerDay)} a day, measured over the last ${describeSpan(growth.spanMs)}) the disk is full ${when}`;
  const figures: Record<string, number> = {
    days_until_full: Math.round(days * 10) / 10,
    bytes_per_day: Math.round(growth.bytesPerDay),
    free_bytes: freeBytes,
  };
  const severity = days < CRITICAL_DAYS ? 'critical' : 'warning';
  const keep = shorterRetention(input, growth, freeBytes);
  if (!keep) {
    return {
      id: 'disk_full_soon',
      severity,
      text: `${opening}: free some room or move the data to a larger disk.`,
      figures,
    };
  }
  const retentions = growth.profiles.map((p) => input.retentionDays(p.profile));
  const longest = Math.max(...retentions);
  const kept = longest >= MAX_RETENTION_DAYS ? 'keeping them for good' : `${longest}`;
  const instead = retentions.every((r) => r === longest) ? ` instead of ${kept}` : '';
  return {
    id: 'disk_full_soon',
    severity,
    text: `${opening}: keep raw events ${keep.days} days${instead}, ${
      keep.freesBytes > 0
        ? `which frees about ${formatBytes(keep.freesBytes)} as older events are removed`
        : `so the data stops growing at about ${formatBytes(keep.keptBytes)}`
    }.`,
    figures: {
      ...figures,
      suggested_retention_days: keep.days,
      frees_bytes: keep.freesBytes,
      kept_bytes: keep.keptBytes,
    },
  };
}

/**
 * The longest of the shorter retentions whose data, at each profile's growth, fits in the room
 * the data may use (the shortest when none does); about what it frees (what each profile holds
 * beyond that many days of its growth) and how much the profiles then hold at most. Null when
 * every profile keeps 7 days or fewer already.
 */
function shorterRetention(
  input: DiskAdviceInput,
  growth: StorageGrowth,
  freeBytes: number,
): { days: number; freesBytes: number; keptBytes: number } | null {
  const profiles = growth.profiles.map((p) => ({
    ...p,
    perDay: Math.max(0, p.bytesPerDay),
    keeps: input.retentionDays(p.profile),
  }));
  // A profile keeping fewer days than the step loses nothing to it.
  const longest = Math.max(0, ...profiles.map((p) => p.keeps));
  const steps = RETENTION_STEPS.filter((d) => d < longest);
  if (steps.length === 0) return null;
  const room = (profiles.reduce((sum, p) => sum + p.bytes, 0) + freeBytes) * FIT_SHARE;
  const needs = (days: number) => profiles.reduce((sum, p) => sum + p.perDay * Math.min(p.keeps, days), 0);
  const days = steps.find((d) => needs(d) <= room) ?? steps.at(-1)!;
  const freesBytes = profiles.reduce(
    (sum, p) =>
      sum + Math.min(p.perDay * Math.max(0, p.keeps - days), Math.max(0, p.bytes - p.perDay * days)),
    0,
  );
  return { days, freesBytes: Math.round(freesBytes), keptBytes: Math.round(needs(days)) };
}
