import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Expiring, owner-checked leases: at most one owner holds a key until it releases it or lets its
 * time run out. `owner` is this instance's id; every method acts for that owner only.
 *
 * A lease is only as exact as the clocks and the time a holder needs to act on losing it: the
 * holder must stop the work it guards before the lease's time runs out (see `LeaseCoordinator`).
 */
export interface StreamLeases {
  /** This instance's id, unique among the instances sharing the leases. */
  readonly owner: string;
  /** Takes `key` for `ttlMs` if nobody holds it. Resolves `false` when another owner does. */
  tryAcquire(key: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease this owner holds to `ttlMs` from now; `false` when it expired or another owner took it. */
  renew(key: string, ttlMs: number): Promise<boolean>;
  /** Gives `key` up if this owner holds it (another owner's lease is left alone). */
  release(key: string): Promise<void>;
  /** Lets go of the lease store's connection (not the leases: release them first). */
  close(): Promise<void>;
}

/** An id naming this process among the instances: readable in Redis, unique across restarts. */
export function createInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
