import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError, UnavailableError } from '../core/errors.js';
import type { IngestService } from '../ingest/ingest.service.js';
import { describeAppError } from './error-body.js';
import type { IngestKeyService } from '../profiles/ingest-key.service.js';

export const INGEST_SOCKET_PATH = '/ingest';
const MAX_IN_FLIGHT = 256;
const PING_INTERVAL_MS = 30_000;

export interface IngestSocketDeps {
  ingest: IngestService;
  keys: IngestKeyService;
  logger: Logger;
  /** Largest message accepted (bytes). */
  maxPayload: number;
}

/** A message a client sends: a batch of wire events, with a reference echoed in the answer. */
interface IngestMessage {
  ref?: string | number;
  events: unknown[];
}

/**
 * The push API over a WebSocket at /ingest. The client authenticates with a profile's ingest key
 * (`Authorization: Bearer <key>`, or `?key=` where headers cannot be set); each message is
 * `{"ref"?, "events": [...]}` (or a bare array) and gets one answer after commit:
 * `{"type": "ack", "ref", "stored", "duplicates"}` or `{"type": "error", "ref", "error": {code,
 * message, details?, retry_after?}}` with the same validation as the HTTP endpoint. Messages may
 * be pipelined; answers carry the `ref`.
 */
export function attachIngestSocket(server: Server, deps: IngestSocketDeps): { close(): Promise<void> } {
  const log = deps.logger.child({ module: 'http.ingest-socket' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxPayload });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/socket.io/') return;
    if (url.pathname !== INGEST_SOCKET_PATH) {
      socket.destroy();
      return;
    }
    const key = bearer(req.headers.authorization) ?? url.searchParams.get('key');
    authenticate(deps.keys, key)
      .then((profile) => {
        if (!profile)
          return refuse(socket, 401, 'a valid ingest key is required (Authorization: Bearer <key>)');
        wss.handleUpgrade(req, socket, head, (ws) => serve(ws, profile, deps, log));
      })
      .catch((err: unknown) => {
        log.error({ err }, 'ingest socket authentication failed');
        refuse(socket, 503, 'try again later');
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
        server.off('upgrade', onUpgrade);
        for (const ws of wss.clients) ws.close(1001, 'server shutting down');
        wss.close(() => resolve());
      }),
  };
}

function serve(ws: WebSocket, profile: string, deps: IngestSocketDeps, log: Logger): void {
  let inFlight = 0;
  const answer = (body: object) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(body));
  };
  ws.on('message', (data, isBinary) => {
    const parsed = parseMessage(isBinary ? null : textOf(data));
    if ('error' in parsed) {
      answer({ type: 'error', ref: null, error: { code: 'MESSAGE_INVALID', message: parsed.error } });
      return;
    }
    const { ref = null, events } = parsed;
    if (inFlight >= MAX_IN_FLIGHT) {
      answer({
        type: 'error',
        ref,
        error: unavailable(`at most ${MAX_IN_FLIGHT} messages may await their answer`),
      });
      return;
    }
    inFlight += 1;
    deps.ingest
      .ingest(profile, events)
      .then((result) => answer({ type: 'ack', ref, ...result }))
      .catch((err: unknown) => answer({ type: 'error', ref, error: describe(err, log) }))
      .finally(() => (inFlight -= 1));
  });
  ws.on('error', (err) => log.warn({ err, profile }, 'ingest socket error'));
}

/** A text frame's payload: ws hands it over as a Buffer, or as fragments. */
function textOf(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

function parseMessage(text: string | null): IngestMessage | { error: string } {
  if (text === null) return { error: 'send text frames holding JSON' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'the message is not valid JSON' };
  }
  if (Array.isArray(value)) return { events: value };
  if (value && typeof value === 'object' && Array.isArray((value as IngestMessage).events)) {
    const { ref, events } = value as IngestMessage;
    if (ref !== undefined && typeof ref !== 'string' && typeof ref !== 'number') {
      return { error: 'ref must be a string or a number' };
    }
    return { ref, events };
  }
  return { error: 'expected {"ref"?, "events": [...]} or an array of events' };
}

function describe(err: unknown, log: Logger): object {
  if (err instanceof UnavailableError) {
    return { code: err.code, message: err.message, retry_after: err.retryAfterSeconds };
  }
  if (err instanceof AppError) return describeAppError(err);
  log.error({ err }, 'ingest over socket failed');
  return { code: 'INTERNAL', message: 'internal error' };
}

function unavailable(message: string): object {
  return { code: 'INGEST_QUEUE_FULL', message, retry_after: 1 };
}

async function authenticate(keys: IngestKeyService, key: string | null): Promise<string | null> {
  return key ? keys.authenticate(key) : null;
}

function bearer(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1]! : null;
}

function refuse(socket: Duplex, status: 401 | 503, message: string): void {
  const body = JSON.stringify({ error: { code: status === 401 ? 'UNAUTHORIZED' : 'UNAVAILABLE', message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Service Unavailable'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
