import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AccessService } from '../accounts/access.service.js';
import { AppError, UnavailableError } from '../core/errors.js';
import type { IngestService } from '../ingest/ingest.service.js';
import type { ApiKeyService } from '../profiles/api-key.service.js';
import { describeAppError, type ErrorBody } from './error-body.js';
import { statusOfAppError } from './error-handler.js';
import { parseIngestMessage } from './ingest-message.js';
import { authorizeIngestSocket } from './ingest-socket-access.js';
import type { BrowserRefusal, CheckedRequest } from './security/browser-checks.js';
import { grantProfile, IngestSocketRegistry, type IngestGrant } from './ingest-socket-registry.js';

export const INGEST_SOCKET_PATH = '/ingest';
const MAX_IN_FLIGHT = 256;
const PING_INTERVAL_MS = 30_000;

/**
 * Answers a socket may leave unread (bytes waiting to be sent) before it is closed (1008): a
 * client that floods messages without reading the answers would otherwise grow the server's
 * send buffer without end.
 */
export const MAX_UNREAD_ANSWER_BYTES = 4 * 1024 * 1024;

export interface IngestSocketDeps {
  ingest: IngestService;
  keys: ApiKeyService;
  access: AccessService;
  logger: Logger;
  /** Largest message accepted (bytes); a larger one closes the socket (1009). */
  maxPayload: number;
  /** Turns down upgrades from pages of other sites (their `Host` or `Origin`). */
  checkHandshake: (req: CheckedRequest) => BrowserRefusal | null;
}

/**
 * The push API over a WebSocket at /ingest. The client is let in like the HTTP push (see
 * authorizeIngestSocket): a profile's ingest key (`Authorization: Bearer <key>`, or `?key=` where
 * headers cannot be set), or an editor's login cookie with `?profile=<id>`; each message is
 * `{"ref"?, "events": [...]}` (or a bare array) and gets one answer after commit:
 * `{"type": "ack", "ref", "stored", "duplicates"}` or `{"type": "error", "ref", "error": {code,
 * message, details?, total?, retry_after?}}` with the same validation as the HTTP endpoint.
 * Messages may be pipelined; answers carry the `ref`. Every message gets an answer, whatever it
 * holds; a text frame that is not UTF-8 closes the socket (1007, as RFC 6455 requires), a message
 * over `maxPayload` too (1009), and revoking the key, ending the login or lowering its role, or
 * deleting the profile closes it (1008, see IngestSocketRegistry). A refused upgrade is answered
 * with the HTTP status and error body a refused HTTP push gets. An upgrade `checkHandshake`
 * refuses (a foreign Host 421, another site's page 403) is answered before the credentials are
 * looked at.
 */
export function attachIngestSocket(server: Server, deps: IngestSocketDeps): { close(): Promise<void> } {
  const log = deps.logger.child({ module: 'http.ingest-socket' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxPayload });
  const registry = new IngestSocketRegistry(deps.keys, deps.access, log);
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = urlOf(req.url);
    const path = url?.pathname ?? null;
    if (path === '/socket.io/') return;
    // The server stops watching an upgraded socket: a client gone meanwhile must not throw.
    socket.on('error', (err) => log.debug({ err }, 'ingest socket upgrade failed'));
    if (url === null || path !== INGEST_SOCKET_PATH) {
      socket.destroy();
      return;
    }
    const refusal = deps.checkHandshake(req);
    if (refusal) return refuse(socket, refusal.status, refusal.code, refusal.message);
    authorizeIngestSocket(deps.access, req, url)
      .then((grant) => wss.handleUpgrade(req, socket, head, (ws) => serve(ws, grant, deps, log, registry)))
      .catch((err: unknown) => {
        if (err instanceof AppError && !(err instanceof UnavailableError)) {
          return refuse(socket, statusOfAppError(err), err.code, err.message);
        }
        log.error({ err }, 'ingest socket access check failed');
        refuse(socket, 503, 'UNAVAILABLE', 'try again later');
      });
  };
  server.on('upgrade', onUpgrade);
  const ping = setInterval(() => {
    for (const ws of wss.clients) ws.ping();
  }, PING_INTERVAL_MS);
  ping.unref();
  return {
    close: () =>
      new Promise((resolve) => {
        clearInterval(ping);
        registry.stop();
        server.off('upgrade', onUpgrade);
        for (const ws of wss.clients) ws.close(1001, 'server shutting down');
        wss.close(() => resolve());
      }),
  };
}

function serve(
  ws: WebSocket,
  grant: IngestGrant,
  deps: IngestSocketDeps,
  log: Logger,
  registry: IngestSocketRegistry,
): void {
  registry.add(ws, grant);
  const profile = grantProfile(grant);
  // A login pushes to every stream of the profile; a key bound to a stream, to that one only.
  const onlyStream = grant.kind === 'key' ? grant.key.stream : null;
  let inFlight = 0;
  const answer = (body: object) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_UNREAD_ANSWER_BYTES) ws.close(1008, 'answers are not being read');
    else ws.send(JSON.stringify(body));
  };
  const onMessage = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    // Closing (revoked key, shutdown): what is still in flight from the client is not taken.
    if (ws.readyState !== ws.OPEN) return;
    const parsed = parseIngestMessage(isBinary ? null : textOf(data));
    if (!parsed.ok) return answer({ type: 'error', ref: null, error: parsed.error });
    const { ref, events } = parsed.message;
    if (inFlight >= MAX_IN_FLIGHT) {
      const message = `at most ${MAX_IN_FLIGHT} messages may await their answer`;
      return answer({ type: 'error', ref, error: { code: 'INGEST_QUEUE_FULL', message, retry_after: 1 } });
    }
    inFlight += 1;
    deps.ingest
      .ingest(profile, events, { onlyStream })
      .then((result) => answer({ type: 'ack', ref, ...result }))
      .catch((err: unknown) => answer({ type: 'error', ref, error: describe(err, log) }))
      .finally(() => (inFlight -= 1));
  };
  ws.on('message', (data, isBinary) => {
    try {
      onMessage(data, isBinary);
    } catch (err) {
      answer({ type: 'error', ref: null, error: describe(err, log) });
    }
  });
  ws.on('error', (err) => log.warn({ err, profile }, 'ingest socket error'));
}

/** A text frame's payload: ws hands it over as a Buffer, or as fragments (UTF-8 already checked). */
function textOf(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

function describe(err: unknown, log: Logger): ErrorBody & { retry_after?: number } {
  if (err instanceof UnavailableError) {
    return { code: err.code, message: err.message, retry_after: err.retryAfterSeconds };
  }
  if (err instanceof AppError) return describeAppError(err);
  log.error({ err }, 'ingest over socket failed');
  return { code: 'INTERNAL', message: 'internal error' };
}

/** A request target as a URL, or null when it cannot be read as one. */
function urlOf(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
