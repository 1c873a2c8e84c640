import { ValidationError } from '../../core/errors.js';
import { MINUTE_MS } from '../../core/reduce.js';
import type { SessionSummary } from '../../store/ports.js';
import { defaultResolution, RESOLUTIONS, type Resolution } from './session-report.js';

const DAY_MS = 86_400_000;

/** The longest part of a session one report covers; a longer session is reported a part at a time. */
export const MAX_REPORT_WINDOW_MS = 7 * DAY_MS;
/** The most buckets one timeline holds (a day and an hour at 1 minute). */
export const MAX_TIMELINE_BUCKETS = 1500;
/** The most stream-minutes (1-minute rollups of every stream) one report reads. */
export const MAX_REPORT_ROLLUPS = 60_000;

/** The part of a session a report covers, epoch ms; `partial` when it is not the whole session. */
export interface ReportWindow {
  from: number;
  to: number;
  partial: boolean;
}

/**
 * The window of a report: the part asked for (`from`, `to`, clipped to the session), or the whole
 * session, or its last 7 days when it ran longer. Throws `ValidationError` when the part asked for
 * holds no moment of the session (REPORT_WINDOW_EMPTY) or is longer than 7 days
 * (REPORT_WINDOW_TOO_LONG).
 */
export function reportWindow(session: SessionSummary, ask: { from?: number; to?: number }): ReportWindow {
  const start = session.started_at;
  const end = session.ended_at ?? session.last_event_at;
  if (ask.from === undefined && ask.to === undefined) {
    const from = Math.max(start, end - MAX_REPORT_WINDOW_MS);
    return { from, to: end, partial: from > start };
  }
  const from = Math.max(start, ask.from ?? start);
  const to = Math.min(end, ask.to ?? end);
  if (from > to) {
    throw new ValidationError(
      'the window holds no part of the session',
      [{ field: 'querystring.from', message: `the session runs from ${iso(start)} to ${iso(end)}` }],
      'REPORT_WINDOW_EMPTY',
    );
  }
  if (to - from > MAX_REPORT_WINDOW_MS) {
    throw new ValidationError(
      'the window is too long for one report',
      [
        {
          field: 'querystring.to',
          message: `must be at most ${MAX_REPORT_WINDOW_MS / DAY_MS} days after from`,
        },
      ],
      'REPORT_WINDOW_TOO_LONG',
    );
  }
  return { from, to, partial: from > start || to < end };
}

/**
 * The timeline resolution: the one asked for, or by default the finest of 1 (under 2 hours), 5
 * (under 12) and 15 minutes, coarser when needed to stay within `MAX_TIMELINE_BUCKETS`. Throws
 * `ValidationError` RESOLUTION_TOO_FINE naming the finest that fits.
 */
export function reportResolution(window: ReportWindow, asked?: Resolution): Resolution {
  const fits = (r: Resolution) => bucketCount(window, r) <= MAX_TIMELINE_BUCKETS;
  if (asked === undefined) {
    const preferred = defaultResolution(window.to - window.from);
    return RESOLUTIONS.find((r) => r >= preferred && fits(r)) ?? RESOLUTIONS.at(-1)!;
  }
  if (fits(asked)) return asked;
  const finest = RESOLUTIONS.find(fits) ?? RESOLUTIONS.at(-1)!;
  throw new ValidationError(
    `a ${asked}-minute timeline of this window has more than ${MAX_TIMELINE_BUCKETS} buckets`,
    [
      {
        field: 'querystring.resolution',
        message: `is too fine for ${formatSpan(window.to - window.from)}: ask for ${finest} or coarser, or a shorter window with from and to`,
      },
    ],
    'RESOLUTION_TOO_FINE',
  );
}

/** Throws `ValidationError` REPORT_TOO_LARGE when the window's rollups exceed `MAX_REPORT_ROLLUPS`. */
export function checkReportRollups(count: number): void {
  if (count <= MAX_REPORT_ROLLUPS) return;
  throw new ValidationError(
    `the window holds more than ${MAX_REPORT_ROLLUPS} stream-minutes (many streams over a long time)`,
    [{ field: 'querystring.to', message: 'ask for a shorter window with from and to' }],
    'REPORT_TOO_LARGE',
  );
}

function bucketCount(window: ReportWindow, resolution: Resolution): number {
  const size = resolution * MINUTE_MS;
  return Math.floor(window.to / size) - Math.floor(window.from / size) + 1;
}

const iso = (ms: number) => new Date(ms).toISOString();

function formatSpan(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${Math.round(hours)} hours` : `${Math.round(hours / 24)} days`;
}
