import type { IncomingHttpHeaders } from 'node:http';
import { PublicOrigins, type PublicOriginSettings } from './public-origins.js';

/** Why a request from a browser is turned down: the status and the usual error body. */
export interface BrowserRefusal {
  status: 403 | 421;
  code: 'HOST_NOT_ALLOWED' | 'ORIGIN_NOT_ALLOWED';
  message: string;
}

/** What the checks read of a request (Node's IncomingMessage has it all). */
export interface CheckedRequest {
  headers: IncomingHttpHeaders;
  /** The port the request came in on; unknown for injected requests. */
  socket: { localPort?: number };
}

/** Methods a page may use to change things; the others only read. */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True for a method that changes things, which only a public origin's pages may use. */
export function isUnsafeMethod(method: string | undefined): boolean {
  return method !== undefined && UNSAFE_METHODS.has(method.toUpperCase());
}

/**
 * Refuses a request whose `Host` names another site (421): what a DNS-rebinding page sends.
 * A request without `Host` (HTTP/1.0, not a browser) passes.
 */
export function checkHost(req: CheckedRequest, origins: PublicOrigins): BrowserRefusal | null {
  const host = req.headers.host;
  if (host === undefined || origins.isHostAllowed(host)) return null;
  return {
    status: 421,
    code: 'HOST_NOT_ALLOWED',
    message: `this server does not answer to '${quote(host)}': add its origin to STREAMPULSE_PUBLIC_ORIGINS`,
  };
}

/**
 * Refuses a request a page of another origin makes (403): its `Origin` is not a public origin,
 * or, without `Origin`, `Sec-Fetch-Site` says it comes from another site. Requests without
 * either (curl, bots, OBS, other servers) pass.
 */
export function checkOrigin(req: CheckedRequest, origins: PublicOrigins): BrowserRefusal | null {
  const { origin, 'sec-fetch-site': site } = req.headers;
  if (origin === undefined) {
    if (site !== 'cross-site' && site !== 'same-site') return null;
    return refuseOrigin(`a ${site} request is refused: only the server's public origins may make it`);
  }
  if (origins.isOriginAllowed(origin, req.socket.localPort)) return null;
  return refuseOrigin(
    `origin '${quote(origin)}' is not one of the server's public origins (STREAMPULSE_PUBLIC_ORIGINS)`,
  );
}

/**
 * The check of a WebSocket upgrade or Socket.IO handshake: `Host`, then `Origin` (browsers send
 * it on every handshake, a GET whatever the page).
 */
export function handshakeCheck(
  settings: PublicOriginSettings,
): (req: CheckedRequest) => BrowserRefusal | null {
  const origins = new PublicOrigins(settings);
  return (req) => checkHost(req, origins) ?? checkOrigin(req, origins);
}

function refuseOrigin(message: string): BrowserRefusal {
  return { status: 403, code: 'ORIGIN_NOT_ALLOWED', message };
}

/** A header value fit to repeat in a message: bounded, nothing but printable ASCII. */
function quote(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 100 ? `${printable.slice(0, 100)}…` : printable;
}
