import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { adapterPubClient, adapterSubClient } from './adapter-clients.js';

/** `shared`: emits reach the clients of every instance; `local`: this instance's clients only. */
export type LiveLinkState = 'shared' | 'local';

export interface RedisLiveLinkOptions {
  /** e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /** Prefix of the pub/sub channels (`<prefix>socket.io#...`); instances sharing clients use the same. */
  keyPrefix: string;
  logger: Logger;
  /** Longest pause between two reconnection attempts (default 2,000 ms). */
  maxRetryDelayMs?: number;
}

/**
 * Joins this instance's Socket.IO server to the others through Redis pub/sub
 * (`@socket.io/redis-adapter`), so `io.to(room).emit(...)` reaches the room's clients on every
 * instance.
 *
 * Without Redis the instance goes on serving its own clients: the publisher never queues
 * commands (`enableOfflineQueue: false`), so an emit is delivered locally at once and its
 * publish fails and is dropped instead of piling up in memory and flooding the others later.
 * One warning is logged when Redis goes away, one line when it is back; ioredis reconnects by
 * itself and resubscribes, which restores the shared mode.
 */
export class RedisLiveLink {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly log: Logger;
  private readonly listeners: ((state: LiveLinkState) => void)[] = [];
  private current: LiveLinkState = 'local';
  private hasBeenShared = false;
  private isOutageReported = false;
  private isClosed = false;

  private constructor(io: Server, options: RedisLiveLinkOptions) {
    this.log = options.logger.child({ module: 'live.redis' });
    const retryStrategy = (times: number) => Math.min(times * 100, options.maxRetryDelayMs ?? 2000);
    this.pub = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy });
    // The subscriber sends only (un)subscriptions: those may wait for the connection.
    this.sub = new Redis(options.url, { maxRetriesPerRequest: null, retryStrategy });
    for (const client of [this.pub, this.sub]) {
      client.on('ready', () => this.update());
      client.on('close', () => this.update());
      client.on('error', (err: Error) => this.onClientError(err));
    }
    const onError = (err: unknown) => this.onCommandError(err);
    io.adapter(
      createAdapter(adapterPubClient(this.pub, onError), adapterSubClient(this.sub, onError), {
        key: `${options.keyPrefix}socket.io`,
      }),
    );
  }

  /**
   * Installs the Redis adapter on `io` (do it before clients connect: a namespace's rooms live in
   * its adapter) and starts connecting. Never throws for an unreachable Redis: the link starts
   * `local` and becomes `shared` once Redis answers.
   */
  static attach(io: Server, options: RedisLiveLinkOptions): RedisLiveLink {
    return new RedisLiveLink(io, options);
  }

  get state(): LiveLinkState {
    return this.current;
  }

  /** Called on every change of `state`. */
  onStateChange(listener: (state: LiveLinkState) => void): void {
    this.listeners.push(listener);
  }

  /** Disconnects from Redis; emits from then on reach this instance's clients only. */
  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.all([this.pub, this.sub].map((client) => quit(client)));
    this.current = 'local';
  }

  private update(): void {
    if (this.isClosed) return;
    const next: LiveLinkState =
      this.pub.status === 'ready' && this.sub.status === 'ready' ? 'shared' : 'local';
    if (next === this.current) return;
    this.current = next;
    if (next === 'shared') {
      this.log.info(
        this.hasBeenShared
          ? 'redis reachable again; live updates shared across instances'
          : 'live updates shared through redis',
      );
      this.hasBeenShared = true;
      this.isOutageReported = false;
    } else this.reportOutage(null);
    for (const listener of this.listeners) listener(next);
  }

  private onClientError(err: Error): void {
    if (this.isClosed) return;
    // ioredis reports every failed reconnection attempt; the outage itself is reported once.
    this.log.debug({ err: err.message }, 'redis connection error');
    if (this.current === 'local') this.reportOutage(err);
  }

  private onCommandError(err: unknown): void {
    if (this.isClosed) return;
    if (this.current === 'shared') this.log.warn({ err }, 'redis publish failed');
    else this.log.debug({ err }, 'redis publish skipped: redis unreachable');
  }

  private reportOutage(err: Error | null): void {
    if (this.isOutageReported) return;
    this.isOutageReported = true;
    this.log.warn(
      { err: err?.message },
      'redis unreachable; live updates reach this instance’s clients only until it is back',
    );
  }
}

async function quit(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    // Not connected (Redis away): there is no one to say goodbye to, just stop reconnecting.
    client.disconnect();
  }
}
