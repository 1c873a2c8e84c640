import { ValidationError } from '../../core/errors.js';

/** Most sessions one answer covers. */
export const MAX_PRECISION_SESSIONS = 200;
/** Most stream-minutes one answer replays (each session at most its last 7 days, as its report). */
export const MAX_PRECISION_MINUTES = 200_000;
/**
 * Most minutes × baseline observations one answer replays (a detector's cost per observation grows
 * with its window): 200,000 minutes with the default windows (3 × 30), fewer with wider ones.
 */
export const MAX_REPLAY_WORK = MAX_PRECISION_MINUTES * 90;

/**
 * Throws `ValidationError` RANGE_TOO_LARGE when a range of sessions is more than one answer
 * replays: over `MAX_PRECISION_SESSIONS` sessions, `MAX_PRECISION_MINUTES` minutes, or
 * `MAX_REPLAY_WORK` minutes × `windows` (the baseline windows of the detectors replayed, summed).
 */
export function checkPrecisionBounds(sessions: number, minutes: number, windows: number): void {
  if (
    sessions <= MAX_PRECISION_SESSIONS &&
    minutes <= MAX_PRECISION_MINUTES &&
    minutes * windows <= MAX_REPLAY_WORK
  ) {
    return;
  }
  const limit = Math.floor(Math.min(MAX_PRECISION_MINUTES, MAX_REPLAY_WORK / Math.max(windows, 1)));
  throw new ValidationError(
    'the range holds too many sessions to look at at once',
    [
      {
        field: 'querystring.to',
        message: `holds more than ${MAX_PRECISION_SESSIONS} sessions or ${limit} minutes of them with these baseline windows: name one stream or a shorter range`,
      },
    ],
    'RANGE_TOO_LARGE',
  );
}
