import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { bareHostname } from '../core/webhook-target.js';
import type { ResolvedAddress } from './webhook-target.js';

/** One webhook request, to addresses already checked. */
export interface PinnedRequest {
  url: URL;
  /** The vetted addresses of the URL's host: the connection goes to one of these, nowhere else. */
  addresses: readonly ResolvedAddress[];
  headers: Record<string, string>;
  body: string;
  /** Aborts the request (the attempt's time limit). */
  signal: AbortSignal;
}

/** What the sender needs of an answer: its status and `retry-after`. The body is never read. */
export interface WebhookAnswer {
  status: number;
  retryAfter: string | null;
}

/** Sends one webhook request; rejects on a network failure or an abort. */
export type PostWebhook = (request: PinnedRequest) => Promise<WebhookAnswer>;

/**
 * A `lookup` for `net.connect` that answers the vetted addresses whatever name it is asked, so
 * the connection goes where the check looked, never to a fresh (rebound) DNS answer.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  const [first] = addresses;
  if (!first) throw new RangeError('pinnedLookup needs at least one address');
  return (_hostname, options, callback) => {
    if (options.all)
      callback(
        null,
        addresses.map(({ address, family }) => ({ address, family })),
      );
    else callback(null, first.address, first.family);
  };
}

/**
 * POSTs with Node's http(s) client over a connection pinned to the vetted addresses. The URL's
 * host name stays the TLS server name (SNI, certificate check) and the `host` header. No
 * redirect is followed; no connection is reused (a pooled socket could be to an address vetted
 * for another request).
 */
export const postPinned: PostWebhook = (req) =>
  new Promise((resolve, reject) => {
    const { url } = req;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      {
        method: 'POST',
        hostname: bareHostname(url),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
        lookup: pinnedLookup(req.addresses),
        agent: false,
        signal: req.signal,
      },
      (res) => {
        resolve({ status: res.statusCode ?? 0, retryAfter: firstValue(res.headers['retry-after']) });
        // The body is never read; destroying the response closes the connection.
        res.destroy();
      },
    );
    request.on('error', reject);
    request.end(req.body);
  });

function firstValue(value: IncomingHttpHeaders[string]): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
