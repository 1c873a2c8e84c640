import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  attemptWebhook,
  describeError,
  type AttemptInput,
  type AttemptOptions,
  type Outcome,
} from './webhook-attempt.js';
import { resolveWithSystem, type ResolveHost } from './webhook-target.js';
import { postPinned, type PostWebhook } from './webhook-transport.js';

/** Tuning and collaborators of a {@link WebhookSender}. Every number has a default. */
export interface WebhookSenderOptions {
  logger: Logger;
  /** Time limit of one attempt, resolution included, until the response headers, in ms. Default 5000. */
  timeoutMs?: number;
  /** Attempts per delivery, the first one included. Default 5. */
  maxAttempts?: number;
  /** Upper bound of the first retry delay in ms; it doubles per retry, with full jitter. Default 1000. */
  baseDelayMs?: number;
  /** Longest wait before a retry in ms; also caps a `retry-after` answer. Default 30000. */
  maxDelayMs?: number;
  /** Deliveries waiting (not in flight) across all URLs; past it the oldest is dropped. Default 1000. */
  maxQueued?: number;
  /** Attempts in flight at once, across all URLs. Default 4. */
  concurrency?: number;
  /** Uniform source in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
  /**
   * Host names or host:port (normalised, see `parseAllowedHosts`) whose addresses are not
   * checked: a receiver on this machine or the LAN the admin vouches for. Default none.
   */
  allowedHosts?: readonly string[];
  /** Resolves a host name before each attempt. Default the system resolver. */
  resolve?: ResolveHost;
  /** Sends one request to the vetted addresses. Default Node's http(s), pinned to them. */
  post?: PostWebhook;
}

/** One webhook to send. */
export interface WebhookDelivery {
  /** An http: or https: URL. Only its origin is logged: a path or query may hold a token. */
  url: string;
  /** Signing secret (`whsec_<base64>` or raw); when set, requests carry `webhook-signature`. Never logged. */
  secret?: string;
  /** Serialised with `JSON.stringify` at enqueue: later changes to the object are not sent. */
  body: unknown;
  /** Value of `x-streampulse-event`. Default `'trigger'`. */
  event?: string;
  /** Value of `webhook-id`, the same on every attempt so receivers can dedupe. Default a UUID. */
  id?: string;
}

/** Counters since construction; `queued` and `inFlight` are current, the others cumulative. */
export interface WebhookSenderStats {
  queued: number;
  inFlight: number;
  delivered: number;
  /** Rejected at enqueue, answered with a non-retryable status, or out of attempts. */
  failed: number;
  /** Discarded with attempts left: the queue was full or the sender was closed. */
  dropped: number;
  /** Not sent, never retried: the URL holds credentials, or its host or an address of it is refused. */
  refused: number;
}

interface Pending extends AttemptInput {
  seq: number;
  /** The URL as logged. */
  target: string;
  attempts: number;
  dueAt: number;
}

/**
 * Posts JSON webhooks (spike triggers) in the background, each attempt to addresses checked just
 * before it and pinned for its connection (see `vetWebhookTarget`): a target on a loopback,
 * private, link-local or metadata address is refused, never retried, unless its host is allowed.
 * `enqueue` only validates, serialises and queues, so callers on the ingest path never wait on a
 * receiver. Memory is bounded by `maxQueued` waiting deliveries plus `concurrency` in flight;
 * retry waits use one unref'd timer, so pending retries never keep the process alive. No method
 * rejects and no error escapes a timer: failures are logged and counted in
 * {@link WebhookSender.stats}.
 */
export class WebhookSender {
  private readonly log: Logger;
  private readonly limits: Required<
    Omit<WebhookSenderOptions, 'logger' | 'random' | 'allowedHosts' | 'resolve' | 'post'>
  >;
  private readonly random: () => number;
  private readonly attempting: AttemptOptions;
  /** Deliveries not in flight, oldest enqueued first; each starts once `dueAt` has passed. */
  private readonly waiting: Pending[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private readonly counts = { delivered: 0, failed: 0, dropped: 0, refused: 0 };
  private inFlight = 0;
  private seq = 0;
  private closed = false;
  private isPumpScheduled = false;
  private wakeTimer: NodeJS.Timeout | null = null;

  /** @throws RangeError when a limit is not a positive integer (delays may be 0). */
  constructor(options: WebhookSenderOptions) {
    this.log = options.logger;
    this.random = options.random ?? Math.random;
    this.limits = {
      timeoutMs: options.timeoutMs ?? 5000,
      maxAttempts: options.maxAttempts ?? 5,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      maxQueued: options.maxQueued ?? 1000,
      concurrency: options.concurrency ?? 4,
    };
    for (const [name, value] of Object.entries(this.limits)) {
      const min = name.endsWith('DelayMs') ? 0 : 1;
      if (!Number.isSafeInteger(value) || value < min) {
        throw new RangeError(`webhook sender: ${name} must be an integer >= ${min}, got ${value}`);
      }
    }
    this.attempting = {
      resolve: options.resolve ?? resolveWithSystem,
      allowedHosts: options.allowedHosts ?? [],
      post: options.post ?? postPinned,
      timeoutMs: this.limits.timeoutMs,
    };
  }

  /**
   * Queues one delivery and returns at once; the first attempt starts on a later microtask.
   * Never throws: a bad URL or a body `JSON.stringify` cannot serialise is logged and counted
   * as failed, and a delivery enqueued after `close()` is counted as dropped.
   */
  enqueue(delivery: WebhookDelivery): void {
    const target = describeTarget(delivery.url);
    if (this.closed) {
      this.counts.dropped += 1;
      this.log.warn({ url: target }, 'webhook sender closed, delivery dropped');
      return;
    }
    try {
      this.waiting.push(this.prepare(delivery, target));
    } catch (err) {
      this.counts.failed += 1;
      this.log.warn({ url: target, error: describeError(err) }, 'webhook delivery rejected');
      return;
    }
    this.dropOverflow();
    if (!this.isPumpScheduled) {
      this.isPumpScheduled = true;
      queueMicrotask(() => {
        this.isPumpScheduled = false;
        this.pumpSafely();
      });
    }
  }

  /**
   * Resolves once nothing is in flight and nothing waits (after `close()`: nothing in flight).
   * The wait includes retry delays; it does not keep the process alive on its own.
   */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Starts no more attempts, lets in-flight ones settle, then drops every waiting delivery. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearWake();
    await this.drain();
    for (const p of this.waiting.splice(0)) this.drop(p, 'webhook sender closed, delivery dropped');
  }

  stats(): WebhookSenderStats {
    return { queued: this.waiting.length, inFlight: this.inFlight, ...this.counts };
  }

  private prepare(delivery: WebhookDelivery, target: string): Pending {
    const { secret, event = 'trigger', id = randomUUID() } = delivery;
    const url = new URL(delivery.url);
    if (!['http:', 'https:'].includes(url.protocol)) {
      throw new TypeError(`unsupported protocol ${url.protocol}`);
    }
    const payload = JSON.stringify(delivery.body) as string | undefined;
    if (payload === undefined) throw new TypeError('body is not JSON-serialisable');
    // Checked here so a malformed header value fails the enqueue, not every attempt.
    if (!isHeaderToken(event) || !isHeaderToken(id)) {
      throw new TypeError('event and id must be printable ASCII without spaces');
    }
    return { seq: this.seq++, id, url, target, secret, event, payload, attempts: 0, dueAt: 0 };
  }

  /** Starts every due delivery a free slot allows, then sets the timer for the next one due. */
  private pump(): void {
    this.clearWake();
    if (!this.closed) {
      const now = Date.now();
      for (let i = 0; i < this.waiting.length && this.inFlight < this.limits.concurrency;) {
        const p = this.waiting[i]!;
        if (p.dueAt > now) i += 1;
        else this.start(this.waiting.splice(i, 1)[0]!);
      }
      if (this.waiting.length > 0 && this.inFlight < this.limits.concurrency) {
        const next = this.waiting.reduce((min, p) => Math.min(min, p.dueAt), Infinity);
        this.wakeTimer = setTimeout(() => this.pumpSafely(), Math.max(0, next - now));
        this.wakeTimer.unref();
      }
    }
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private start(p: Pending): void {
    this.inFlight += 1;
    p.attempts += 1;
    void attemptWebhook(p, this.attempting)
      .then((outcome) => this.settle(p, outcome))
      .catch((err: unknown) => {
        this.counts.failed += 1;
        this.log.error({ err, url: p.target, deliveryId: p.id }, 'webhook sender failed');
      })
      .finally(() => {
        this.inFlight -= 1;
        this.pumpSafely();
      });
  }

  /** For timers and callbacks: an error there would otherwise crash the process. */
  private pumpSafely(): void {
    try {
      this.pump();
    } catch (err) {
      this.log.error({ err }, 'webhook queue pump failed');
    }
  }

  private settle(p: Pending, outcome: Outcome): void {
    const context = { url: p.target, deliveryId: p.id, attempts: p.attempts };
    if (outcome.kind === 'delivered') {
      this.counts.delivered += 1;
      this.log.debug(context, 'webhook delivered');
    } else if (outcome.kind === 'refused') {
      this.counts.refused += 1;
      this.log.warn({ ...context, reason: outcome.reason }, 'webhook target refused, not sent');
    } else if (outcome.kind === 'fail' || p.attempts >= this.limits.maxAttempts) {
      this.counts.failed += 1;
      this.log.warn({ ...context, error: outcome.error }, 'webhook delivery failed, giving up');
    } else if (this.closed) {
      this.drop(p, 'webhook sender closed, retry dropped', outcome.error);
    } else {
      const { baseDelayMs, maxDelayMs } = this.limits;
      const backoffMs = Math.floor(this.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (p.attempts - 1)));
      const delayMs = Math.min(maxDelayMs, outcome.retryAfterMs ?? backoffMs);
      p.dueAt = Date.now() + delayMs;
      const at = this.waiting.findIndex((w) => w.seq > p.seq);
      this.waiting.splice(at === -1 ? this.waiting.length : at, 0, p);
      this.log.debug({ ...context, error: outcome.error, delayMs }, 'webhook attempt failed, will retry');
      this.dropOverflow();
    }
  }

  private dropOverflow(): void {
    while (this.waiting.length > this.limits.maxQueued) {
      this.drop(this.waiting.shift()!, 'webhook queue full, oldest delivery dropped');
    }
  }

  private drop(p: Pending, message: string, error?: string): void {
    this.counts.dropped += 1;
    this.log.warn({ url: p.target, deliveryId: p.id, attempts: p.attempts, error }, message);
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && (this.closed || this.waiting.length === 0);
  }

  private clearWake(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }
}

/**
 * The URL for logs: its origin alone. Credentials, and a path or query that may hold a token
 * (chat services put it in the path), stay out; the delivery id names the profile.
 */
function describeTarget(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : '[invalid url]';
}

/** Printable ASCII without spaces: always a valid header value, and enough for event names and ids. */
function isHeaderToken(value: string): boolean {
  return /^[\x21-\x7e]{1,200}$/.test(value);
}
