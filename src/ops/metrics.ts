import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { StoreEngine } from '../store/ports.js';
import { ConnectorMetrics } from './connector-metrics.js';
import { HttpMetrics } from './http-metrics.js';
import { IngestMetrics, type QueueSource } from './ingest-metrics.js';
import { LiveMetrics } from './live-metrics.js';
import { StorageMetrics } from './storage-metrics.js';

export interface MetricsDeps {
  engine: Pick<StoreEngine, 'storageUsage' | 'poolUse'>;
  queue: QueueSource;
  logger: Logger;
}

/**
 * The server's metrics in the Prometheus text format, in a registry of its own (not prom-client's
 * global one, so that several servers in one process, as in the tests, keep theirs apart): the
 * process's defaults (CPU, memory, heap, event loop lag, handles, GC) and one family per part of
 * the server, each fed through the hooks its part offers. Reading them (`scrape`) never fails
 * because one family could not be read: that family is left out and logged.
 */
export class Metrics {
  private readonly registry = new Registry();
  readonly ingest: IngestMetrics;
  readonly live: LiveMetrics;
  readonly connectors: ConnectorMetrics;
  readonly storage: StorageMetrics;
  readonly http: HttpMetrics;

  constructor({ engine, queue, logger }: MetricsDeps) {
    const log = logger.child({ module: 'ops.metrics' });
    collectDefaultMetrics({ register: this.registry });
    this.ingest = new IngestMetrics(this.registry, queue, log);
    this.live = new LiveMetrics(this.registry, log);
    this.connectors = new ConnectorMetrics(this.registry, log);
    this.storage = new StorageMetrics(this.registry, engine, log);
    this.http = new HttpMetrics(this.registry);
  }

  /** The media type of `scrape`'s text (`text/plain; version=0.0.4; charset=utf-8`). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric now, in the Prometheus text format. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  /** A deleted profile's series go with it. */
  forgetProfile(profile: string): void {
    this.ingest.forget(profile);
  }
}
