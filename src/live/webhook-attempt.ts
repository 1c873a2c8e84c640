import { createWebhookHeaders } from './webhook-signature.js';
import { vetWebhookTarget, type VetOptions } from './webhook-target.js';
import type { PostWebhook, WebhookAnswer } from './webhook-transport.js';

/** One webhook as each of its attempts sends it. */
export interface AttemptInput {
  /** Value of `webhook-id`. */
  id: string;
  url: URL;
  secret: string | undefined;
  event: string;
  /** The body, serialised once. */
  payload: string;
}

export interface AttemptOptions extends VetOptions {
  post: PostWebhook;
  /** Time limit of the attempt, resolution included, until the response headers, in ms. */
  timeoutMs: number;
}

/** How an attempt ended, and what the sender does next. */
export type Outcome =
  | { kind: 'delivered' }
  /** Not sent and never retried: the target is refused. */
  | { kind: 'refused'; reason: string }
  /** `fail`: give up (a 4xx, a redirect); `retry`: try again later (network, 5xx, 429). */
  | { kind: 'fail' | 'retry'; error: string; retryAfterMs?: number };

/**
 * One attempt: checks the target (resolving its host now, since what a name resolves to may
 * change between attempts), signs with a fresh timestamp, POSTs to the vetted addresses and
 * classifies the answer. Never rejects.
 */
export async function attemptWebhook(input: AttemptInput, options: AttemptOptions): Promise<Outcome> {
  const { event, id: deliveryId, payload: body, secret, url } = input;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let answer: WebhookAnswer;
  try {
    const target = await untilAborted(vetWebhookTarget(url, options), signal);
    if (target.kind === 'refused') return { kind: 'refused', reason: target.reason };
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = createWebhookHeaders({ event, deliveryId, timestamp, body, secret });
    // Redirects are not followed: a signed trigger goes only where the profile said.
    answer = await options.post({ url, addresses: target.addresses, headers, body, signal });
  } catch (err) {
    return { kind: 'retry', error: describeError(err) };
  }
  if (answer.status >= 200 && answer.status < 300) return { kind: 'delivered' };
  const error = `HTTP ${answer.status}`;
  if (answer.status !== 429 && answer.status < 500) return { kind: 'fail', error };
  return { kind: 'retry', error, retryAfterMs: parseRetryAfter(answer.retryAfter) };
}

/** `retry-after` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** `promise`, or the signal's reason once it aborts (a lookup cannot be cancelled, only left). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** An error's message and its cause's, for logs. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}
