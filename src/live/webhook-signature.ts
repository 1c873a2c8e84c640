import { createHmac } from 'node:crypto';

/**
 * Header names of a webhook request, lower case as Node exposes them: the three of Standard
 * Webhooks (https://www.standardwebhooks.com/) and StreamPulse's event name.
 */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
  event: 'x-streampulse-event',
} as const;

const SECRET_PREFIX = 'whsec_';

/**
 * The HMAC key of a webhook secret, as Standard Webhooks reads it: a `whsec_<base64>` secret is
 * the bytes the base64 stands for; any other secret is its own UTF-8 bytes (libraries take it
 * as `whsec_` followed by its base64, or as a raw secret).
 */
export function webhookSigningKey(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/**
 * Signs a webhook as Standard Webhooks does: the base64 HMAC-SHA256, keyed with
 * {@link webhookSigningKey}, of `"<id>.<timestamp>.<body>"`, with the id and timestamp exactly
 * as sent in `webhook-id` and `webhook-timestamp` and the body exactly as sent. Signing the
 * timestamp means a captured request cannot be replayed later with a fresh one.
 * @returns the `webhook-signature` header value, `v1,<base64>`.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', webhookSigningKey(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${digest}`;
}

/** What one attempt of a webhook carries besides its body. */
export interface WebhookHeaderInput {
  event: string;
  /** Unique per delivery and the same on every attempt, so receivers can drop a repeat. */
  deliveryId: string;
  /** Unix seconds; fresh on every attempt so a retry still passes the receiver's tolerance. */
  timestamp: number;
  /** The exact request body, signed when `secret` is set. */
  body: string;
  secret?: string | undefined;
}

/**
 * The request headers of one webhook attempt: JSON content type, user agent, event, delivery id,
 * timestamp and, when a secret is set, the signature. The caller guarantees that `event` and
 * `deliveryId` are valid header values.
 */
export function createWebhookHeaders(input: WebhookHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'StreamPulse-Webhook/1',
    [WEBHOOK_HEADERS.event]: input.event,
    [WEBHOOK_HEADERS.id]: input.deliveryId,
    [WEBHOOK_HEADERS.timestamp]: String(input.timestamp),
  };
  if (input.secret !== undefined) {
    headers[WEBHOOK_HEADERS.signature] = signWebhook(
      input.secret,
      input.deliveryId,
      input.timestamp,
      input.body,
    );
  }
  return headers;
}
