import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import { startOf, startOfNext } from '../../core/zoned-time.js';
import type { SessionScope } from '../../store/ports.js';

const DAY_MS = 86_400_000;

/** A period as asked: `session:<id>`, `today`, `week`, `month`, `last7d`, `last30d`, `all`, `custom`. */
export interface PeriodRequest {
  period: string;
  from?: number;
  to?: number;
}

export interface ResolvedPeriod {
  scope: SessionScope;
  /** The period as answered: its kind and bounds (epoch ms; null for `all` and a session). */
  kind: string;
  from: number | null;
  to: number | null;
}

/**
 * Turns a period into the sessions it covers, with day, week (Monday) and month boundaries in
 * the profile's time zone. A session belongs to the period it started in. Throws
 * `ValidationError` listing every problem (unknown period, bad or missing custom bounds).
 */
export function resolvePeriod(request: PeriodRequest, timeZone: string, now: number): ResolvedPeriod {
  const { period } = request;
  const session = /^session:(\d+)$/.exec(period);
  if (session) return { scope: { session: Number(session[1]) }, kind: 'session', from: null, to: null };
  switch (period) {
    case 'all':
      return { scope: 'all', kind: 'all', from: null, to: null };
    case 'today':
      return range('today', startOf('day', now, timeZone), startOfNext('day', now, timeZone));
    case 'week':
      return range('week', startOf('week', now, timeZone), startOfNext('week', now, timeZone));
    case 'month':
      return range('month', startOf('month', now, timeZone), startOfNext('month', now, timeZone));
    case 'last7d':
      return range('last7d', now - 7 * DAY_MS, now + 1);
    case 'last30d':
      return range('last30d', now - 30 * DAY_MS, now + 1);
    case 'custom':
      return customRange(request);
    default:
      throw new ValidationError('unknown period', [
        {
          field: 'period',
          message: 'must be session:<id>, today, week, month, last7d, last30d, all or custom',
        },
      ]);
  }
}

function range(kind: string, from: number, to: number): ResolvedPeriod {
  return { scope: { from, to }, kind, from, to };
}

function customRange({ from, to }: PeriodRequest): ResolvedPeriod {
  const issues: ValidationIssue[] = [];
  if (from === undefined) issues.push({ field: 'from', message: 'is required for period=custom' });
  if (to === undefined) issues.push({ field: 'to', message: 'is required for period=custom' });
  if (from !== undefined && to !== undefined && from >= to) {
    issues.push({ field: 'to', message: 'must be after from' });
  }
  if (issues.length > 0) throw new ValidationError('invalid custom period', issues);
  return range('custom', from!, to!);
}
