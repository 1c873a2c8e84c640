import type { Logger } from 'pino';
import { AppError, UnavailableError } from '../core/errors.js';
import type { LiveEvent } from '../core/live-event.js';
import type { AppendResult, EventLog } from '../store/ports.js';

export interface BatchOutcome {
  stored: number;
  duplicates: number;
  /** Sequence number per submitted event, null for a duplicate. */
  seqs: (number | null)[];
}

interface Submission {
  events: readonly LiveEvent[];
  /** When it was queued (monotonic ms). */
  queuedAt: number;
  resolve: (outcome: BatchOutcome) => void;
  reject: (err: unknown) => void;
}

const STORE_RETRY_AFTER_S = 5;

const storeUnavailable = () =>
  new UnavailableError(
    'STORE_UNAVAILABLE',
    'the events could not be stored; nothing was kept, retry later',
    STORE_RETRY_AFTER_S,
  );

/** What one write of a batch did: told once per batch, never per event (metrics). */
export interface BatchWrite {
  /** Events the batch held. */
  events: number;
  /** Of those, stored and ignored as duplicates; both 0 when the write failed. */
  stored: number;
  duplicates: number;
  /** Whether it committed; a failed write stored nothing. */
  committed: boolean;
  /** How long the store took to answer, in ms (the transaction, its commit included). */
  ms: number;
}

/** Who hears of a profile's writes: the committed batches with events stored, and every write. */
export interface BatcherListeners {
  committed: (result: AppendResult) => void;
  written: (write: BatchWrite) => void;
}

export interface BatcherOptions {
  batchSize: number;
  batchDelayMs: number;
}

/**
 * Groups one profile's submissions into transactions: a batch is written when `batchSize`
 * events wait or `batchDelayMs` after the first of them arrived (while writes run, the next batch
 * gathers whatever arrives: group commit). As many writes at a time per profile as the store
 * takes in order (one unless it says more, see EventLog.flowControl);
 * a submission is never split, so it is stored whole or not at all. Each submitter is settled only
 * after the transaction holding its events committed (or failed).
 */
export class ProfileBatcher {
  private queue: Submission[] = [];
  private queuedEvents = 0;
  /** Cancels the write scheduled for later, if there is one. */
  private cancelScheduled: (() => void) | null = null;
  /** Writes sent to the store and not answered yet. */
  private readonly writing = new Set<Promise<void>>();
  /** Set until the store is ready for another write (see AppendFlowControl.readyForAppend). */
  private storeReady: Promise<void> | null = null;
  /** While an exclusive operation runs, no write starts (see `exclusive`). */
  private paused = false;
  /** Settles when every exclusive operation asked for so far has ended. */
  private exclusiveTail: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventLog,
    private readonly options: BatcherOptions,
    private readonly listeners: BatcherListeners,
    private readonly log: Logger,
  ) {}

  /** Events waiting or being written: what counts against the queue limits. */
  get pending(): number {
    return this.queuedEvents;
  }

  submit(events: readonly LiveEvent[]): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ events, queuedAt: performance.now(), resolve, reject });
      this.queuedEvents += events.length;
      this.schedule();
    });
  }

  /**
   * Runs `fn` on the store with no write of this profile in flight and none starting until it
   * ends (a void, which folds the log again). Submissions keep queueing meanwhile and are written
   * after it, in order; exclusive operations run one at a time, in the order asked.
   */
  async exclusive<T>(fn: (store: EventLog) => Promise<T>): Promise<T> {
    const previous = this.exclusiveTail;
    let release!: () => void;
    this.exclusiveTail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    await previous;
    this.paused = true;
    this.cancelScheduledWrite();
    try {
      while (this.writing.size > 0) await Promise.allSettled([...this.writing]);
      return await fn(this.store);
    } finally {
      this.paused = false;
      release();
      this.schedule();
    }
  }

  /** Resolves once everything submitted so far has been written (or failed). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.writing.size > 0) {
      if (this.paused) {
        await this.exclusiveTail;
        continue;
      }
      if (this.queue.length > 0) this.startWrite();
      await Promise.race(this.storeReady ? [...this.writing, this.storeReady] : this.writing);
    }
  }

  /** Whether another write may be sent now (see EventLog.flowControl). */
  private get canWrite(): boolean {
    return !this.paused && this.storeReady === null && this.writing.size < (this.store.flowControl?.appendsInFlight ?? 1);
  }

  private schedule(): void {
    if (!this.canWrite || this.queue.length === 0) return;
    if (this.queuedEvents >= this.options.batchSize) return this.startWrite();
    if (this.cancelScheduled) return;
    // The delay counts from the oldest waiting event: what queued up during a write goes at once.
    const { batchDelayMs } = this.options;
    const waited = performance.now() - this.queue[0]!.queuedAt;
    if (batchDelayMs > 0 && waited >= batchDelayMs) return this.startWrite();
    this.cancelScheduled = this.later(() => this.startWrite(), batchDelayMs - waited);
  }

  private startWrite(): void {
    this.cancelScheduledWrite();
    if (!this.canWrite || this.queue.length === 0) return;
    const batch = this.takeBatch();
    const write: Promise<void> = this.write(batch).finally(() => {
      this.writing.delete(write);
      this.schedule();
    });
    this.writing.add(write);
    const ready = this.store.flowControl?.readyForAppend?.();
    if (!ready) return;
    this.storeReady = ready.then(() => {
      this.storeReady = null;
      this.schedule();
    });
  }

  /**
   * Runs `fn` after `delayMs`. With no delay, still not at once: after the I/O already received,
   * so that requests that arrived together are written together (group commit).
   */
  private later(fn: () => void, delayMs: number): () => void {
    if (delayMs <= 0) {
      const immediate = setImmediate(fn);
      return () => clearImmediate(immediate);
    }
    const timeout = setTimeout(fn, delayMs);
    return () => clearTimeout(timeout);
  }

  private cancelScheduledWrite(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
  }

  /** Takes whole submissions up to `batchSize` events (always at least one submission). */
  private takeBatch(): Submission[] {
    let count = 0;
    let n = 0;
    while (
      n < this.queue.length &&
      (n === 0 || count + this.queue[n]!.events.length <= this.options.batchSize)
    ) {
      count += this.queue[n]!.events.length;
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  private async write(batch: Submission[]): Promise<void> {
    const size = batch.reduce((sum, s) => sum + s.events.length, 0);
    const events = batch.length === 1 ? batch[0]!.events : batch.flatMap((s) => s.events);
    const startedAt = performance.now();
    try {
      const result = await this.store.append(events);
      this.queuedEvents -= size;
      this.written({
        events: size,
        stored: result.stored.length,
        duplicates: result.duplicates,
        committed: true,
        ms: performance.now() - startedAt,
      });
      let offset = 0;
      for (const s of batch) {
        const seqs = result.seqs.slice(offset, offset + s.events.length);
        offset += s.events.length;
        const stored = seqs.filter((q) => q !== null).length;
        s.resolve({ stored, duplicates: seqs.length - stored, seqs });
      }
      this.notify(result);
    } catch (err) {
      this.queuedEvents -= size;
      this.log.error({ err, profile: this.store.profile, events: size }, 'batch write failed');
      const ms = performance.now() - startedAt;
      this.written({ events: size, stored: 0, duplicates: 0, committed: false, ms });
      // Nothing of the batch is stored: the submitter may safely send it again.
      const reason = err instanceof AppError ? err : storeUnavailable();
      for (const s of batch) s.reject(reason);
    }
  }

  private notify(result: AppendResult): void {
    if (result.stored.length > 0) this.listeners.committed(result);
  }

  /** Tells of a write; whoever listens must not fail a write that is already settled. */
  private written(write: BatchWrite): void {
    try {
      this.listeners.written(write);
    } catch (err) {
      this.log.error({ err, profile: this.store.profile }, 'batch listener failed');
    }
  }
}
