import type { Logger } from 'pino';
import { AppError, UnavailableError } from '../core/errors.js';
import type { LiveEvent, StoredEvent } from '../core/live-event.js';
import { clampToArrival } from '../core/event-time.js';
import type { AppendResult, EventLog } from '../store/ports.js';
import {
  ProfileBatcher,
  type BatchOutcome,
  type BatcherOptions,
  type BatchWrite,
} from './profile-batcher.js';

export interface PipelineOptions extends BatcherOptions {
  /** Events that may wait per profile before submissions are refused. */
  queueLimit: number;
  /** Events that may wait across all profiles before submissions are refused. */
  totalQueueLimit: number;
}

/** Called after every commit that stored at least one event, with what it changed. */
export type CommitListener = (profile: string, result: AppendResult) => void;

/** Called after every write of a batch, committed or failed (see BatchWrite). */
export type BatchListener = (profile: string, write: BatchWrite) => void;

const RETRY_AFTER_S = 1;

/**
 * The one entrance for events: every source (push API, connectors, replay, simulator) submits
 * here. Per-profile batching, bounded queues, acknowledgement after commit.
 */
export class Pipeline {
  private readonly batchers = new Map<string, ProfileBatcher>();
  private readonly listeners: CommitListener[] = [];
  private readonly batchListeners: BatchListener[] = [];
  private closed = false;

  constructor(
    private readonly openStore: (profile: string) => Promise<EventLog>,
    private readonly options: PipelineOptions,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /** Adds a listener of every batch written from now on (each batch once, whatever its size). */
  onBatch(listener: BatchListener): void {
    this.batchListeners.push(listener);
  }

  /** Events waiting per profile, for the profiles with a batcher here. */
  pendingByProfile(): Map<string, number> {
    return new Map([...this.batchers].map(([profile, b]) => [profile, b.pending]));
  }

  /** Events waiting across all profiles. */
  get pending(): number {
    let n = 0;
    for (const b of this.batchers.values()) n += b.pending;
    return n;
  }

  /**
   * Throws AppError BATCH_TOO_LARGE when a submission of `events` events could never be taken,
   * being larger than the per-profile limit: callers check it before validating a large batch.
   */
  checkBatchSize(events: number): void {
    if (events > this.options.queueLimit) {
      throw new AppError(
        'BATCH_TOO_LARGE',
        `a batch may hold at most ${this.options.queueLimit} events; split it (got ${events})`,
      );
    }
  }

  /**
   * Queues validated events of one profile and resolves once they are committed. An event
   * stamped later than now is stored at now (see `clampToArrival`): the entrances refuse those
   * stamped further ahead than their skew allows, and nothing stored is ever in the future.
   * Throws `UnavailableError` (INGEST_QUEUE_FULL) when the queues are full, and AppError
   * BATCH_TOO_LARGE when the submission alone exceeds the per-profile limit.
   */
  async submit(profile: string, submitted: readonly LiveEvent[]): Promise<BatchOutcome> {
    const events = clampToArrival(submitted, this.now());
    if (this.closed) throw new UnavailableError('SHUTTING_DOWN', 'the server is shutting down', 5);
    if (events.length === 0) return { stored: 0, duplicates: 0, seqs: [] };
    this.checkBatchSize(events.length);
    const batcher = await this.batcherFor(profile);
    if (
      batcher.pending + events.length > this.options.queueLimit ||
      this.pending + events.length > this.options.totalQueueLimit
    ) {
      throw new UnavailableError(
        'INGEST_QUEUE_FULL',
        'too many events are waiting to be stored; retry shortly',
        RETRY_AFTER_S,
      );
    }
    return batcher.submit(events);
  }

  /**
   * Runs `fn` on the profile's store with none of its writes in flight or starting meanwhile (see
   * ProfileBatcher.exclusive); what it stores (`stored`, in log order) reaches the commit
   * listeners like an append's events.
   */
  async exclusive<T>(
    profile: string,
    fn: (store: EventLog) => Promise<T>,
    stored: (result: T) => StoredEvent[],
  ): Promise<T> {
    if (this.closed) throw new UnavailableError('SHUTTING_DOWN', 'the server is shutting down', 5);
    const result = await (await this.batcherFor(profile)).exclusive(fn);
    const events = stored(result);
    if (events.length > 0)
      this.emit(profile, { stored: events, seqs: events.map((e) => e.seq), duplicates: 0 });
    return result;
  }

  /** Waits until every event submitted so far for `profile` is written, then forgets the profile. */
  async release(profile: string): Promise<void> {
    const batcher = this.batchers.get(profile);
    if (!batcher) return;
    await batcher.drain();
    this.batchers.delete(profile);
  }

  /** Stops accepting events and waits for everything queued to be written. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.batchers.values()].map((b) => b.drain()));
  }

  private async batcherFor(profile: string): Promise<ProfileBatcher> {
    let batcher = this.batchers.get(profile);
    if (!batcher) {
      const store = await this.openStore(profile);
      batcher = this.batchers.get(profile);
      if (batcher) return batcher;
      batcher = new ProfileBatcher(
        store,
        this.options,
        {
          committed: (r) => this.emit(profile, r),
          written: (w) => this.batchListeners.forEach((listener) => listener(profile, w)),
        },
        this.log,
      );
      this.batchers.set(profile, batcher);
    }
    return batcher;
  }

  private emit(profile: string, result: AppendResult): void {
    for (const listener of this.listeners) {
      try {
        listener(profile, result);
      } catch (err) {
        // A listener's failure must not fail a write that is already committed and acknowledged.
        this.log.error({ err, profile }, 'commit listener failed');
      }
    }
  }
}
