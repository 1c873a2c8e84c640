import { Redis } from 'ioredis';
import type { ConnectorStatus } from '../connector-status.js';

/**
 * Where the instance running a stream's connector tells the others how it is doing, so any
 * instance can answer `GET .../connectors` for every stream. Entries carry an expiry and are
 * refreshed while the connector runs; a stale one is ignored.
 */
export interface ConnectorStatusBoard {
  publish(profile: string, status: ConnectorStatus, ttlMs: number): void;
  /** Fresh entries of a profile, by stream id. */
  read(profile: string): Promise<Map<string, ConnectorStatus>>;
  close(): Promise<void>;
}

/** One instance: every connector runs here, so there is nothing to share. */
export class LocalStatusBoard implements ConnectorStatusBoard {
  publish(): void {}

  read(): Promise<Map<string, ConnectorStatus>> {
    return Promise.resolve(new Map<string, ConnectorStatus>());
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface Entry {
  status: ConnectorStatus;
  expires_at: number;
}

/** A Redis hash per profile (`<prefix>connectors:<profile>`), one field per stream. */
export class RedisStatusBoard implements ConnectorStatusBoard {
  private readonly client: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: false });
    // A status not shared is not worth a log line per attempt: the lease rounds report outages.
    this.client.on('error', () => undefined);
  }

  publish(profile: string, status: ConnectorStatus, ttlMs: number): void {
    const entry: Entry = { status, expires_at: this.now() + ttlMs };
    const key = this.key(profile);
    this.client
      .multi()
      .hset(key, status.stream, JSON.stringify(entry))
      .pexpire(key, ttlMs * 4)
      .exec()
      .catch(() => undefined);
  }

  async read(profile: string): Promise<Map<string, ConnectorStatus>> {
    const fields = await this.client.hgetall(this.key(profile)).catch(() => ({}));
    const fresh = new Map<string, ConnectorStatus>();
    for (const [stream, json] of Object.entries(fields)) {
      const entry = JSON.parse(json) as Entry;
      if (entry.expires_at > this.now()) fresh.set(stream, entry.status);
    }
    return fresh;
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private key(profile: string): string {
    return `${this.prefix}connectors:${profile}`;
  }
}
