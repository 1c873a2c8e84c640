import type { ValidationIssue } from '../../core/errors.js';

/** Lags tried when the caller names none, in minutes. */
export const DEFAULT_MAX_LAG = 5;
/** The largest `max_lag` accepted, in minutes. */
export const MAX_LAG_LIMIT = 30;
/** The longest date range analysed at once. */
export const MAX_RANGE_DAYS = 90;
const DAY_MS = 86_400_000;

/** Every problem with a requested range: `from` must be before `to`, at most 90 days apart. */
export function rangeIssues(from: number, to: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (from >= to) issues.push({ field: 'querystring.from', message: 'must be before to' });
  if (to - from > MAX_RANGE_DAYS * DAY_MS) {
    issues.push({ field: 'querystring.to', message: `must be at most ${MAX_RANGE_DAYS} days after from` });
  }
  return issues;
}

/** Every problem with a requested `max_lag` (whole minutes, 0..30). */
export function maxLagIssues(maxLag: number): ValidationIssue[] {
  if (Number.isInteger(maxLag) && maxLag >= 0 && maxLag <= MAX_LAG_LIMIT) return [];
  return [{ field: 'querystring.max_lag', message: `must be a whole number from 0 to ${MAX_LAG_LIMIT}` }];
}
