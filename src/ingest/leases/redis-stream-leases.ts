import { once } from 'node:events';
import { Redis } from 'ioredis';
import { createInstanceId, type StreamLeases } from './stream-leases.js';

/** Extends the lease only while this owner holds it: a lease that expired and was taken stays taken. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lease only while this owner holds it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface RedisLeaseOptions {
  /** Prepended to every lease key, e.g. `streampulse:`; instances sharing leases use the same one. */
  keyPrefix: string;
  /** This instance's id (default: a fresh `createInstanceId()`). */
  owner?: string;
  /** Longest wait for one Redis command (default 1,000 ms); a slow answer counts as a failure. */
  commandTimeoutMs?: number;
}

/**
 * Leases in Redis: `SET key owner NX PX ttl` to take one, and Lua scripts that renew or delete it
 * only while it still names this owner. The client never queues commands while Redis is away
 * (`enableOfflineQueue: false`): a command fails at once instead of running late, so a lease
 * this instance believes it failed to take is never taken behind its back on reconnection.
 */
export class RedisStreamLeases implements StreamLeases {
  readonly owner: string;
  private readonly client: Redis;
  private readonly prefix: string;
  private readonly commandTimeoutMs: number;
  private hasConnected = false;

  constructor(url: string, options: RedisLeaseOptions) {
    this.owner = options.owner ?? createInstanceId();
    this.prefix = `${options.keyPrefix}lease:`;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: this.commandTimeoutMs,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.client.once('ready', () => (this.hasConnected = true));
    // Connection errors also fail the commands, which the coordinator logs; this keeps ioredis
    // from printing each reconnection failure to stderr.
    this.client.on('error', () => undefined);
  }

  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    await this.firstConnection();
    return (await this.client.set(this.prefix + key, this.owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async renew(key: string, ttlMs: number): Promise<boolean> {
    await this.firstConnection();
    return (await this.client.eval(RENEW, 1, this.prefix + key, this.owner, ttlMs)) === 1;
  }

  async release(key: string): Promise<void> {
    await this.firstConnection();
    await this.client.eval(RELEASE, 1, this.prefix + key, this.owner);
  }

  async close(): Promise<void> {
    try {
      await this.client.quit();
    } catch {
      // Not connected: nothing to say goodbye to.
      this.client.disconnect();
    }
  }

  /** Right after start-up the first commands wait (briefly) for the connection instead of failing. */
  private async firstConnection(): Promise<void> {
    if (this.hasConnected || this.client.status === 'ready') return;
    const timeout = AbortSignal.timeout(this.commandTimeoutMs);
    await once(this.client, 'ready', { signal: timeout }).catch(() => undefined);
  }
}
