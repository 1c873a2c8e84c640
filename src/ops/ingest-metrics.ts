import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BatchWrite } from '../ingest/profile-batcher.js';
import { guardedCollect } from './guarded-collect.js';

/** Commit times of a batch, in seconds: a small batch on a fast disk to a large one under load. */
const COMMIT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Where the pipeline's queue is read at scrape time. */
export interface QueueSource {
  /** Events waiting or being written, per profile with a batcher here. */
  pendingByProfile(): Map<string, number>;
}

/**
 * The write path: events stored and duplicates per profile (the log's growth), batches written
 * and how long their commits took, pushed batches refused by error code, events queued. Counted
 * once per batch, never per event; the histogram has no profile label, so its series do not grow
 * with the number of profiles.
 */
export class IngestMetrics {
  private readonly events: Counter<'profile'>;
  private readonly duplicates: Counter<'profile'>;
  private readonly batches: Counter<'result'>;
  private readonly commit: Histogram;
  private readonly rejected: Counter<'code'>;
  private readonly queued: Gauge<'profile'>;

  constructor(registry: Registry, queue: QueueSource, log: Logger) {
    const registers = [registry];
    this.events = new Counter({
      name: 'streampulse_ingest_events_total',
      help: 'Events stored in the event log (duplicates left out), by profile: the log growth in events',
      labelNames: ['profile'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'streampulse_ingest_duplicates_total',
      help: 'Events ignored because their source id was already stored, by profile',
      labelNames: ['profile'],
      registers,
    });
    this.batches = new Counter({
      name: 'streampulse_ingest_batches_total',
      help: 'Batches written to the event log, by result (committed, failed)',
      labelNames: ['result'],
      registers,
    });
    this.commit = new Histogram({
      name: 'streampulse_ingest_batch_commit_seconds',
      help: 'How long the store took to commit a batch (its transaction)',
      buckets: COMMIT_BUCKETS,
      registers,
    });
    this.rejected = new Counter({
      name: 'streampulse_ingest_rejected_batches_total',
      help: 'Pushed batches refused before anything was stored, by error code',
      labelNames: ['code'],
      registers,
    });
    this.queued = new Gauge({
      name: 'streampulse_ingest_queue_events',
      help: 'Events waiting to be stored or being written, by profile',
      labelNames: ['profile'],
      registers,
      collect: guardedCollect(log, 'streampulse_ingest_queue_events', (gauge: Gauge<'profile'>) => {
        gauge.reset();
        for (const [profile, n] of queue.pendingByProfile()) gauge.set({ profile }, n);
      }),
    });
  }

  /** A batch of `profile` was written (or failed). */
  batchWritten(profile: string, write: BatchWrite): void {
    this.batches.inc({ result: write.committed ? 'committed' : 'failed' });
    if (!write.committed) return;
    this.commit.observe(write.ms / 1000);
    if (write.stored > 0) this.events.inc({ profile }, write.stored);
    if (write.duplicates > 0) this.duplicates.inc({ profile }, write.duplicates);
  }

  /** A pushed batch was refused with `code`. */
  batchRejected(code: string): void {
    this.rejected.inc({ code });
  }

  /** A deleted profile's series go with it. */
  forget(profile: string): void {
    this.events.remove({ profile });
    this.duplicates.remove({ profile });
    this.queued.remove({ profile });
  }
}
