import type { Logger } from 'pino';
import { AppError, NotFoundError, UnavailableError, ValidationError } from '../core/errors.js';
import type { LiveEvent } from '../core/live-event.js';

export interface OutboxOptions {
  /** Stores a batch; resolves once committed. */
  submit: (events: readonly LiveEvent[]) => Promise<unknown>;
  log: Logger;
  /** Events held while the store is busy or down; beyond it the oldest are dropped (default 100,000). */
  limit?: number;
  /** Most events per submit (default 1,000). */
  maxBatch?: number;
  /** Wait after a failed submit that gives no Retry-After (default 1,000 ms). */
  retryMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The queue between a connector and the pipeline. Connectors hear events whenever the platform
 * sends them and cannot wait; the outbox submits them in order, one batch at a time, and keeps
 * them through a full queue or an unavailable store (retrying after `retryAfterSeconds`), so a
 * busy moment loses nothing. A batch the store refuses as invalid (its stream was deleted, say)
 * is dropped with an error logged. Memory is bounded by `limit`.
 */
export class ConnectorOutbox {
  private queue: LiveEvent[] = [];
  private draining: Promise<void> | null = null;
  private dropped = 0;
  private readonly limit: number;
  private readonly maxBatch: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: OutboxOptions) {
    this.limit = options.limit ?? 100_000;
    this.maxBatch = options.maxBatch ?? 1000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Events waiting to be stored. */
  get pending(): number {
    return this.queue.length;
  }

  /** Events dropped because the outbox was full. */
  get droppedCount(): number {
    return this.dropped;
  }

  push(events: readonly LiveEvent[]): void {
    if (events.length === 0) return;
    this.queue.push(...events);
    const excess = this.queue.length - this.limit;
    if (excess > 0) {
      this.queue.splice(0, excess);
      this.dropped += excess;
      this.options.log.error(
        { dropped: excess, total: this.dropped },
        'connector outbox full: oldest events dropped',
      );
    }
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Resolves once every event pushed so far is stored (or dropped). */
  async flushed(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.maxBatch);
      try {
        await this.options.submit(batch);
        this.queue.splice(0, batch.length);
      } catch (err) {
        if (err instanceof UnavailableError) {
          this.options.log.warn(
            { err: err.message, retryAfterSeconds: err.retryAfterSeconds },
            'store busy; connector events held',
          );
          await this.sleep(Math.max(1, err.retryAfterSeconds) * 1000);
        } else if (isRefusal(err)) {
          this.queue.splice(0, batch.length);
          this.options.log.error({ err, events: batch.length }, 'connector events refused; dropped');
        } else {
          this.options.log.warn({ err }, 'connector events not stored yet; retrying');
          await this.sleep(this.options.retryMs ?? 1000);
        }
      }
    }
  }
}

/** Errors that retrying cannot fix: the events or their stream are not acceptable. */
function isRefusal(err: unknown): boolean {
  return (
    err instanceof ValidationError ||
    err instanceof NotFoundError ||
    (err instanceof AppError && err.code === 'BATCH_TOO_LARGE')
  );
}
