import type { Logger } from 'pino';
import type { StreamLeases } from './stream-leases.js';

/** A stream that should be connected somewhere; `T` may carry more (the stream's settings). */
export interface StreamRef {
  readonly profile: string;
  readonly streamId: string;
}

export interface LeaseCoordinatorOptions<T extends StreamRef> {
  leases: StreamLeases;
  /** Every stream that should run on some instance (enabled, with a connector). */
  wanted: () => Promise<readonly T[]>;
  /** Runs a stream's connector here; called once this instance holds its lease. */
  start: (stream: T) => void | Promise<void>;
  /** Stops a stream's connector here; called when the lease is lost, expiring or given up. */
  stop: (stream: T) => void | Promise<void>;
  log: Logger;
  /** How long a lease lasts without renewal (default 6,000 ms). */
  ttlMs?: number;
  /** Pause between two rounds (default 2,000 ms). `ttlMs + intervalMs` bounds a takeover. */
  intervalMs?: number;
  /** A connector is stopped this long before its unrenewed lease would expire (default 1,000 ms). */
  guardMs?: number;
  now?: () => number;
  /**
   * Spread streams over instances: each round takes at most this many of the free leases (at
   * random) for a given number free, leaving the rest for the other instances' rounds. Default:
   * all of them (one instance).
   */
  takePerRound?: (free: number) => number;
  random?: () => number;
}

interface Held<T> {
  stream: T;
  /** Fires `guardMs` before the lease would expire unless a renewal moves it. */
  expiry: NodeJS.Timeout | null;
}

/**
 * Makes each wanted stream run on exactly one instance. Every round it renews the leases it
 * holds, stops streams no longer wanted and gives their leases up, and takes the leases of
 * wanted streams nobody holds and starts them. A holder that dies stops renewing, so its leases
 * expire after `ttlMs` and another instance takes them within `ttlMs + intervalMs`.
 *
 * When the lease store cannot be reached, a stream keeps running only while its last renewal
 * still covers it: `guardMs` before that lease would expire its connector is stopped, since
 * another instance may take the lease then. A renewal that finds another owner (or none) stops
 * the connector at once. Started and stopped connectors are never awaited by the round, so a
 * slow disconnect does not hold up the renewals of the other leases.
 */
export class LeaseCoordinator<T extends StreamRef = StreamRef> {
  private readonly held = new Map<string, Held<T>>();
  private readonly pending = new Set<Promise<void>>();
  /** Connectors being stopped, by lease key: a start of the same stream waits for its stop. */
  private readonly stopping = new Map<string, Promise<void>>();
  private readonly ttlMs: number;
  private readonly intervalMs: number;
  private readonly guardMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> = Promise.resolve();
  private isClosed = false;
  /** Whether the last round failed to reach the lease store or the wanted list (logged once). */
  private isFailing = false;

  constructor(private readonly options: LeaseCoordinatorOptions<T>) {
    this.ttlMs = options.ttlMs ?? 6000;
    this.intervalMs = options.intervalMs ?? 2000;
    this.guardMs = options.guardMs ?? 1000;
    this.now = options.now ?? Date.now;
    if (this.guardMs >= this.ttlMs - this.intervalMs)
      throw new RangeError('guardMs must leave room for a renewal: guardMs < ttlMs - intervalMs');
  }

  /** Starts the rounds; the first one runs at once. */
  start(): void {
    if (this.timer || this.isClosed) return;
    this.timer = setTimeout(() => this.loop(), 0);
    this.timer.unref();
  }

  /** Runs a round now (after the one under way), e.g. right after a stream was enabled or disabled. */
  reconcile(): Promise<void> {
    this.round = this.round.then(() =>
      this.runRound().catch((err: unknown) => this.options.log.error({ err }, 'stream lease round failed')),
    );
    return this.round;
  }

  /** The streams this instance holds the lease of (and runs). */
  heldStreams(): T[] {
    return [...this.held.values()].map((h) => h.stream);
  }

  /** Stops the rounds, stops every connector it runs, then releases their leases. */
  async close(): Promise<void> {
    this.isClosed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
    const held = [...this.held.keys()];
    for (const key of held) void this.drop(key);
    await this.settled();
    await Promise.all(held.map((key) => this.release(key)));
  }

  /** Resolves when every start and stop called so far has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  private loop(): void {
    void this.reconcile().then(() => {
      if (this.isClosed) return;
      this.timer = setTimeout(() => this.loop(), this.intervalMs);
      this.timer.unref();
    });
  }

  private async runRound(): Promise<void> {
    if (this.isClosed) return;
    let failure: unknown = null;
    const fail = (err: unknown) => void (failure ??= err);
    await Promise.all([...this.held.keys()].map((key) => this.renew(key).catch(fail)));
    const wanted = await this.options.wanted().catch((err: unknown) => void fail(err));
    if (wanted && !this.isClosed) {
      const byKey = new Map(wanted.map((s) => [leaseKey(s), s]));
      for (const key of [...this.held.keys()]) if (!byKey.has(key)) this.giveUp(key);
      const free = [...byKey].filter(([key]) => !this.held.has(key));
      const take = this.options.takePerRound ? this.options.takePerRound(free.length) : free.length;
      const chosen =
        take >= free.length ? free : shuffled(free, this.options.random ?? Math.random).slice(0, take);
      await Promise.all(chosen.map(([key, stream]) => this.acquire(key, stream).catch(fail)));
    }
    this.report(failure);
  }

  private async renew(key: string): Promise<void> {
    const sentAt = this.now();
    const isOwned = await this.options.leases.renew(key, this.ttlMs);
    const entry = this.held.get(key);
    if (!entry) return;
    if (isOwned) {
      this.arm(key, entry, sentAt);
      return;
    }
    this.options.log.warn(
      { ...ids(entry.stream) },
      'stream lease lost to another instance; connector stopped',
    );
    void this.drop(key);
  }

  private async acquire(key: string, stream: T): Promise<void> {
    const sentAt = this.now();
    if (!(await this.options.leases.tryAcquire(key, this.ttlMs))) return;
    if (this.isClosed) return void (await this.release(key));
    const entry: Held<T> = { stream, expiry: null };
    this.held.set(key, entry);
    this.arm(key, entry, sentAt);
    this.options.log.info({ ...ids(stream) }, 'stream lease taken; connector starting');
    const stopped = this.stopping.get(key) ?? Promise.resolve();
    void this.track(() => stopped.then(() => this.options.start(stream)), stream, 'connector start failed');
  }

  /** No longer wanted: stop it, then give the lease up so another instance may start it at once. */
  private giveUp(key: string): void {
    const stopped = this.drop(key);
    void this.track(() => stopped.then(() => this.release(key)), null, 'stream lease release failed');
  }

  /** Forgets a held lease and stops its connector; resolves once it stopped. */
  private drop(key: string): Promise<void> {
    const entry = this.held.get(key);
    if (!entry) return this.stopping.get(key) ?? Promise.resolve();
    if (entry.expiry) clearTimeout(entry.expiry);
    this.held.delete(key);
    const stopped = this.track(() => this.options.stop(entry.stream), entry.stream, 'connector stop failed');
    this.stopping.set(key, stopped);
    void stopped.then(() => {
      if (this.stopping.get(key) === stopped) this.stopping.delete(key);
    });
    return stopped;
  }

  /** The lease is sure until `sentAt + ttlMs`: stop the connector `guardMs` before, unless renewed. */
  private arm(key: string, entry: Held<T>, sentAt: number): void {
    if (entry.expiry) clearTimeout(entry.expiry);
    const wait = Math.max(0, sentAt + this.ttlMs - this.guardMs - this.now());
    entry.expiry = setTimeout(() => {
      this.options.log.warn({ ...ids(entry.stream) }, 'stream lease not renewed in time; connector stopped');
      void this.drop(key);
    }, wait);
    entry.expiry.unref();
  }

  private async release(key: string): Promise<void> {
    await this.options.leases
      .release(key)
      .catch((err: unknown) =>
        this.options.log.warn({ err, key }, 'stream lease release failed; it will expire'),
      );
  }

  /** Runs a start, stop or release in the background; `close` waits for it, its failure is logged. */
  private track(run: () => void | Promise<void>, stream: T | null, message: string): Promise<void> {
    const done = (async () => run())()
      .catch((err: unknown) => this.options.log.warn({ err, ...(stream && ids(stream)) }, message))
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
    return done;
  }

  private report(failure: unknown): void {
    if (failure && !this.isFailing)
      this.options.log.warn(
        { err: failure },
        'stream lease round failed; held streams run only while their leases last',
      );
    else if (!failure && this.isFailing) this.options.log.info('stream lease rounds succeed again');
    this.isFailing = failure !== null;
  }
}

/** The lease key of a stream: profile ids and stream ids are slugs, so `/` cannot occur in either. */
function shuffled<X>(items: X[], random: () => number): X[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function leaseKey(stream: StreamRef): string {
  return `${stream.profile}/${stream.streamId}`;
}

const ids = (s: StreamRef) => ({ profile: s.profile, stream: s.streamId });
