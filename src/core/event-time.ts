import type { ValidationIssue } from './errors.js';
import type { LiveEvent } from './live-event.js';

/**
 * Reports each event stamped more than `maxFutureMs` after `now`, naming its `at` (a sender whose
 * clock runs ahead, or a mistyped year); answers how many there were.
 */
export function reportFutureTimes(
  events: readonly LiveEvent[],
  now: number,
  maxFutureMs: number,
  report: (issue: ValidationIssue) => void,
): number {
  const limit = now + maxFutureMs;
  let found = 0;
  events.forEach((e, index) => {
    if (e.at <= limit) return;
    found += 1;
    report(futureTimeIssue(e.at, now, maxFutureMs, index));
  });
  return found;
}

/** The issue of one event stamped `at`, more than `maxFutureMs` after `now`. */
export function futureTimeIssue(
  at: number,
  now: number,
  maxFutureMs: number,
  index: number,
): ValidationIssue {
  return {
    index,
    field: 'at',
    message:
      `is ${describeAhead(at - now)} ahead of the server's clock (${new Date(now).toISOString()}); ` +
      `at most ${describeAhead(maxFutureMs)} is accepted: check the sender's clock and time unit`,
  };
}

/**
 * The events with none later than `now`: an event stamped ahead (a sender's clock running fast,
 * within the skew the entrances allow) is taken as arriving now, so no reading from the future
 * ever outranks the present ones. Returns `events` itself when none is ahead.
 */
export function clampToArrival(events: readonly LiveEvent[], now: number): readonly LiveEvent[] {
  let clamped: LiveEvent[] | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.at <= now) continue;
    clamped ??= events.slice();
    clamped[i] = { ...e, at: now };
  }
  return clamped ?? events;
}

function describeAhead(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 2 * 86_400_000) return `${Math.round(ms / 3600_000)} h`;
  return `${Math.round(ms / 86_400_000)} days`;
}
