import { request, type IncomingMessage } from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from '../../../src/main.js';
import { adminLoginOf, api, createProfile, startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const FOREIGN = 'https://evil.example';
let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let key: string;

beforeAll(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir);
  await createProfile(server.url, 'show', ['main']);
  const res = await api(server.url, 'POST', '/api/profiles/show/ingest-keys', { name: 'bot' });
  expect(res.status).toBe(201);
  key = ((await res.json()) as { key: string }).key;
});
afterAll(async () => {
  await server.close();
  temp.remove();
});

/** A Socket.IO client over WebSocket sending `origin`, as a browser page would. */
function openLivePush(origin: string) {
  return io(server.url, {
    transports: ['websocket'],
    auth: { profile: 'show' },
    forceNew: true,
    reconnection: false,
    transportOptions: { websocket: { extraHeaders: { origin, cookie: adminLoginOf(server.url).cookie } } },
  });
}

/** Whether a client got in: its first stats, or the error it was refused with. */
function outcome(socket: ReturnType<typeof openLivePush>): Promise<'stats' | Error> {
  return new Promise((resolve) => {
    socket.once('stats_update', () => resolve('stats'));
    socket.once('connect_error', (err) => resolve(err));
  });
}

/** A raw HTTP GET, answering status, headers and body (Host can be set, unlike with fetch). */
function get(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingMessage['headers']; body: string }>(
    (resolve, reject) => {
      const req = request(server.url + path, { headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('Socket.IO live push', () => {
  test('a page of another site cannot open the live push: its WebSocket handshake is refused', async () => {
    const socket = openLivePush(FOREIGN);
    try {
      const result = await outcome(socket);
      expect(result).toBeInstanceOf(Error);
      expect(socket.connected).toBe(false);
    } finally {
      socket.close();
    }
  });

  test("the server's own page opens the live push and gets the profile's stats", async () => {
    const socket = openLivePush(server.url);
    try {
      expect(await outcome(socket)).toBe('stats');
    } finally {
      socket.close();
    }
  });

  test('a long-polling handshake from another site is answered 403 naming why, without CORS headers', async () => {
    const path = '/socket.io/?EIO=4&transport=polling';
    const foreign = await get(path, { origin: FOREIGN });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('ORIGIN_NOT_ALLOWED');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const rebound = await get(path, { host: 'rebind.evil.example' });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('HOST_NOT_ALLOWED');
    const own = await get(path, { origin: server.url });
    expect(own.status).toBe(200);
    expect(own.body).toMatch(/^0\{"sid":/);
    expect(own.headers['access-control-allow-origin']).toBe(server.url);
  });
});

describe('the /ingest WebSocket', () => {
  /** Opens /ingest with `headers`: 'open', or the status and body it was refused with. */
  function upgrade(headers: Record<string, string>) {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ingest`, {
      headers: { authorization: `Bearer ${key}`, ...headers },
    });
    return new Promise<'open' | { status: number; body: string }>((resolve, reject) => {
      ws.once('open', () => {
        ws.close();
        resolve('open');
      });
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.once('error', reject);
    });
  }

  test('a page of another site is refused 403, even with a valid key', async () => {
    const refused = await upgrade({ origin: FOREIGN });
    expect(refused).toMatchObject({ status: 403 });
    expect(JSON.parse((refused as { body: string }).body).error.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  test('a foreign Host (DNS rebinding) is refused 421', async () => {
    const refused = await upgrade({ host: 'rebind.evil.example' });
    expect(refused).toMatchObject({ status: 421 });
    expect(JSON.parse((refused as { body: string }).body).error.code).toBe('HOST_NOT_ALLOWED');
  });

  test("the server's own page and clients without Origin get in with a key", async () => {
    expect(await upgrade({ origin: server.url })).toBe('open');
    expect(await upgrade({})).toBe('open');
  });
});
