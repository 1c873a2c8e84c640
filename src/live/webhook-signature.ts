import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a StreamPulse webhook request, lower case as Node exposes them. */
export const WEBHOOK_HEADERS = {
  event: 'x-streampulse-event',
  delivery: 'x-streampulse-delivery',
  timestamp: 'x-streampulse-timestamp',
  signature: 'x-streampulse-signature',
} as const;

/** How far a signed timestamp may be from the receiver's clock by default, in seconds. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Signs a webhook request body. The signed message is the UTF-8 string `"<timestamp>.<body>"`:
 * the decimal unix timestamp in seconds exactly as sent in `x-streampulse-timestamp`, a dot, and
 * the raw request body exactly as sent. Signing the timestamp too means a captured request cannot
 * be replayed later with a fresh timestamp.
 *
 * @returns the `x-streampulse-signature` header value: `sha256=` and the lower-case hex
 *   HMAC-SHA256 of the message keyed with `secret`.
 */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `sha256=${digest}`;
}

/** What one attempt of a webhook carries besides its body. */
export interface WebhookHeaderInput {
  event: string;
  deliveryId: string;
  /** Unix seconds; fresh on every attempt so a retry still passes the receiver's tolerance. */
  timestamp: number;
  /** The exact request body, signed when `secret` is set. */
  body: string;
  secret?: string | undefined;
}

/**
 * The request headers of one webhook attempt: JSON content type, user agent, event, delivery id,
 * timestamp and, when a secret is set, the signature.
 * @throws TypeError when `event` or `deliveryId` is not a valid header value.
 */
export function createWebhookHeaders(input: WebhookHeaderInput): Headers {
  const headers = new Headers({
    'content-type': 'application/json',
    'user-agent': 'StreamPulse-Webhook/1',
    [WEBHOOK_HEADERS.event]: input.event,
    [WEBHOOK_HEADERS.delivery]: input.deliveryId,
    [WEBHOOK_HEADERS.timestamp]: String(input.timestamp),
  });
  if (input.secret !== undefined) {
    headers.set(WEBHOOK_HEADERS.signature, signWebhook(input.secret, input.timestamp, input.body));
  }
  return headers;
}

export interface VerifyWebhookOptions {
  /** Largest accepted distance between the timestamp and `now`, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The receiver's clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/**
 * For receivers: checks a webhook's `x-streampulse-signature` header against the raw body and
 * the `x-streampulse-timestamp` header, in constant time. Returns false (never throws) when a
 * header is missing or malformed, the timestamp is outside the tolerance, or the signature
 * does not match. `body` must be the raw body as received, not a re-serialised parse of it.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | undefined,
  body: string,
  header: string | undefined,
  options: VerifyWebhookOptions = {},
): boolean {
  const { toleranceSeconds = DEFAULT_SIGNATURE_TOLERANCE_SECONDS, now = Date.now } = options;
  if (header === undefined || timestamp === undefined) return false;
  const stamp = String(timestamp);
  if (!/^\d{1,15}$/.test(stamp)) return false;
  if (Math.abs(now() / 1000 - Number(stamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, stamp, body));
  const actual = Buffer.from(header);
  // timingSafeEqual throws on a length mismatch; the length of a hex digest is no secret.
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
