import { ValidationError } from './errors.js';

/** The profile setting holding how many days of raw events a profile keeps. */
export const RETENTION_DAYS_KEY = 'retention_days';
/** Raw events are kept this many days unless the profile says otherwise (about three months). */
export const DEFAULT_RETENTION_DAYS = 90;
/** The longest retention that can be set: ten years. */
export const MAX_RETENTION_DAYS = 3650;

/**
 * How many days of raw events a profile keeps, from its stored setting: null keeps them for good,
 * anything unreadable falls back to the default.
 */
export function retentionDaysOf(stored: unknown): number | null {
  if (stored === null) return null;
  if (typeof stored === 'number' && Number.isInteger(stored) && stored >= 1 && stored <= MAX_RETENTION_DAYS) {
    return stored;
  }
  return DEFAULT_RETENTION_DAYS;
}

/** Checks a retention a client asks for; throws ValidationError naming `retention_days`. */
export function checkRetentionDays(days: number | null): number | null {
  if (days === null) return null;
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    throw new ValidationError('invalid retention', [
      {
        field: 'retention_days',
        message: `must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or null to keep raw events for good`,
      },
    ]);
  }
  return days;
}

/** The event time before which a profile keeping `days` days drops raw events, at `now`. */
export function retentionCutoff(now: number, days: number): number {
  return now - days * 86_400_000;
}
