import type { Logger } from 'pino';

/** A metric whose values can be cleared (every prom-client metric). */
interface Resettable {
  reset(): void;
}

/**
 * A prom-client `collect` callback that never fails a scrape: when `fill` throws or rejects, the
 * failure is logged and the metric is left out of this scrape (cleared) rather than answered
 * stale or turning the whole answer into an error.
 */
export function guardedCollect<M extends Resettable>(
  log: Logger,
  name: string,
  fill: (metric: M) => void | Promise<void>,
): (this: M) => Promise<void> {
  return async function (this: M) {
    try {
      await fill(this);
    } catch (err) {
      this.reset();
      log.warn({ err, metric: name }, 'metric not collected');
    }
  };
}
