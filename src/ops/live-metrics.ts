import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { WebhookSenderStats } from '../live/webhook-sender.js';
import { guardedCollect } from './guarded-collect.js';

/** From a change to its push leaving, in seconds: the coalescing window (100 ms by default) and above. */
const PUSH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5];

/** The live push as it runs, read at scrape time (absent until the server listens). */
export interface LiveSource {
  clientsByProfile(): Map<string, number>;
  webhookStats(): WebhookSenderStats;
}

const OUTCOMES = ['delivered', 'failed', 'dropped', 'refused'] as const;

/**
 * The live side: clients connected per profile, how long after a change its push left, and the
 * trigger webhooks' deliveries by outcome with what waits. The counts live where they are kept
 * (the hub's rooms, the webhook sender's counters) and are read when scraped.
 */
export class LiveMetrics {
  private readonly pushLatency: Histogram;
  private source: LiveSource | null = null;

  constructor(registry: Registry, log: Logger) {
    const registers = [registry];
    const read = <M extends { reset(): void }>(name: string, fill: (metric: M, source: LiveSource) => void) =>
      guardedCollect<M>(log, name, (metric) => {
        metric.reset();
        if (this.source) fill(metric, this.source);
      });
    new Gauge({
      name: 'streampulse_live_clients',
      help: 'Live push (Socket.IO) clients connected to this instance, by profile',
      labelNames: ['profile'],
      registers,
      collect: read<Gauge<'profile'>>('streampulse_live_clients', (gauge, source) => {
        for (const [profile, n] of source.clientsByProfile()) gauge.set({ profile }, n);
      }),
    });
    this.pushLatency = new Histogram({
      name: 'streampulse_live_push_latency_seconds',
      help: 'From a change of a profile reaching the live push to its push leaving (coalescing included)',
      buckets: PUSH_BUCKETS,
      registers,
    });
    new Counter({
      name: 'streampulse_webhook_deliveries_total',
      help: 'Trigger webhook deliveries by outcome (delivered, failed, dropped, refused)',
      labelNames: ['outcome'],
      registers,
      collect: read<Counter<'outcome'>>('streampulse_webhook_deliveries_total', (counter, source) => {
        const stats = source.webhookStats();
        for (const outcome of OUTCOMES) counter.inc({ outcome }, stats[outcome]);
      }),
    });
    new Gauge({
      name: 'streampulse_webhook_pending',
      help: 'Trigger webhook deliveries waiting or being sent, by state (queued, in_flight)',
      labelNames: ['state'],
      registers,
      collect: read<Gauge<'state'>>('streampulse_webhook_pending', (gauge, source) => {
        const stats = source.webhookStats();
        gauge.set({ state: 'queued' }, stats.queued);
        gauge.set({ state: 'in_flight' }, stats.inFlight);
      }),
    });
  }

  /** Reads the live push from now on (once the server listens). */
  follow(source: LiveSource): void {
    this.source = source;
  }

  /** A push left `ms` after the change that started it. */
  pushed(ms: number): void {
    this.pushLatency.observe(ms / 1000);
  }
}
