import type { NumberedBatch } from './postgres-event-log.js';

/** A promise resolved from outside, once. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * An append of a profile under way, as the next append of the same store sees it: the batch as
 * numbered, and when it holds the append lock, leaves the CPU free, and has settled. Every
 * promise resolves by the time it settles, whatever happened, so nothing waits on it forever.
 */
export class InFlightAppend {
  private readonly lockHeld = signal();
  private readonly cpuFree = signal();
  private readonly done = signal();

  constructor(readonly numbered: NumberedBatch) {}

  /** Where the log ends if this append stores all it numbered. */
  get expectedLastSeq(): number {
    return this.numbered.after + this.numbered.stored.length;
  }

  /** Resolves once it holds the profile's append lock, or has settled without it. */
  get locked(): Promise<void> {
    return this.lockHeld.promise;
  }

  /** Resolves once its longest statement runs on the server (Node has nothing to do for it). */
  get ready(): Promise<void> {
    return this.cpuFree.promise;
  }

  /** Resolves once it has committed or failed and the store has adopted its outcome. */
  get settled(): Promise<void> {
    return this.done.promise;
  }

  lock(): void {
    this.lockHeld.resolve();
  }

  markReady(): void {
    this.cpuFree.resolve();
  }

  settle(): void {
    this.lockHeld.resolve();
    this.cpuFree.resolve();
    this.done.resolve();
  }
}
