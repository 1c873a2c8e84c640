import { Histogram, type Registry } from 'prom-client';

/** Answer times in seconds: a cached read to a large report or batch. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route label of a request that matched no route: one series, whatever was asked for. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * How long HTTP requests took, by method, route pattern (`/api/profiles/:profile/events`, never
 * the URL asked for, so the series stay as many as the routes) and status class (`2xx`...).
 */
export class HttpMetrics {
  private readonly durations: Histogram<'method' | 'route' | 'status_class'>;

  constructor(registry: Registry) {
    this.durations = new Histogram({
      name: 'streampulse_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status class, from arrival to the answer sent',
      labelNames: ['method', 'route', 'status_class'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  }

  /** A request to `route` (its pattern, or null for none) answered `status` after `ms`. */
  answered(method: string, route: string | null, status: number, ms: number): void {
    this.durations.observe(
      { method, route: route ?? UNMATCHED_ROUTE, status_class: `${Math.floor(status / 100)}xx` },
      ms / 1000,
    );
  }
}
