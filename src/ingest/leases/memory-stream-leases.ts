import type { StreamLeases } from './stream-leases.js';

interface Entry {
  owner: string;
  expiresAt: number;
}

/**
 * Leases kept in this process: with one instance (no Redis configured) every lease is free, so
 * every wanted stream starts. Several `MemoryStreamLeases` may share one `table` to stand in for
 * several instances in tests.
 */
export class MemoryStreamLeases implements StreamLeases {
  constructor(
    readonly owner = 'local',
    private readonly table = new Map<string, Entry>(),
    private readonly now: () => number = Date.now,
  ) {}

  tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    // Like SET NX: a held lease is not taken again, not even by its owner.
    if (this.live(key)) return Promise.resolve(false);
    this.table.set(key, { owner: this.owner, expiresAt: this.now() + ttlMs });
    return Promise.resolve(true);
  }

  renew(key: string, ttlMs: number): Promise<boolean> {
    const entry = this.live(key);
    if (entry?.owner !== this.owner) return Promise.resolve(false);
    entry.expiresAt = this.now() + ttlMs;
    return Promise.resolve(true);
  }

  release(key: string): Promise<void> {
    if (this.live(key)?.owner === this.owner) this.table.delete(key);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private live(key: string): Entry | undefined {
    const entry = this.table.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.table.delete(key);
      return undefined;
    }
    return entry;
  }
}
