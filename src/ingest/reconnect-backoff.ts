/** How long the supervisor waits before connecting again. */
export interface BackoffOptions {
  /** First wait after a failure (ms). */
  baseMs: number;
  /** Longest wait after failures (ms). */
  maxMs: number;
  /** Wait while the channel is simply not live (ms): a steady poll, not a growing one. */
  offlineMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000, offlineMs: 30_000 };

/**
 * The wait before attempt `failures + 1`: exponential in the number of failures in a row,
 * capped at `maxMs`, with "equal jitter" (half fixed, half random) so instances that lost the
 * same platform at the same moment do not come back in lockstep. `random` returns [0, 1).
 */
export function nextDelay(
  options: BackoffOptions,
  failures: number,
  isOffline: boolean,
  random: () => number,
): number {
  const ceiling = isOffline
    ? options.offlineMs
    : Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
