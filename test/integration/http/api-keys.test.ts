import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import WebSocket from 'ws';
import { createHash, randomBytes } from 'node:crypto';
import { formatApiKey, isWellFormedApiKey } from '../../../src/core/api-key-format.js';
import type { RunningServer } from '../../../src/main.js';
import { api, createProfile, startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

let server: RunningServer;
let temp: ReturnType<typeof makeTempDir>;
const at = Date.parse('2026-11-01T18:00:00Z');

beforeAll(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir);
  await createProfile(server.url, 'kim', ['tt', 'yt']);
});
afterAll(async () => {
  await server.close();
  temp.remove();
});

async function createKey(body: object): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await api(server.url, 'POST', '/api/profiles/kim/keys', body);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Opens /ingest with `key`: the socket, its answers, or the HTTP status it was refused with. */
function openIngest(key: string): Promise<{ ws: WebSocket; answers: unknown[] } | { refused: number }> {
  const ws = new WebSocket(server.url.replace('http', 'ws') + '/ingest', {
    headers: { authorization: `Bearer ${key}` },
  });
  const answers: unknown[] = [];
  ws.on('message', (data: Buffer) => answers.push(JSON.parse(data.toString('utf8'))));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, answers }));
    ws.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

describe('API keys', () => {
  test('a key is shown once, in a recognisable checksummed form; the list shows its scopes and hint, never the key', async () => {
    const created = await createKey({ name: 'bot', scopes: ['read', 'ingest'] });
    expect(created.status).toBe(201);
    const key = created.json.key as string;
    expect(isWellFormedApiKey(key)).toBe(true);
    expect(created.json).toMatchObject({
      name: 'bot',
      scopes: ['ingest', 'read'],
      stream: null,
      expires_at: null,
      last_used_at: null,
      hint: key.slice(-4),
    });
    const list = await (await api(server.url, 'GET', '/api/profiles/kim/keys')).json();
    expect(JSON.stringify(list)).not.toContain(key);
    expect((list as { keys: { id: string }[] }).keys.map((k) => k.id)).toContain(created.json.id);
  });

  test('a key is refused, naming the field, without scopes, with a stream and other scopes, or expiring in the past', async () => {
    expect((await createKey({ name: 'x', scopes: [] })).status).toBe(400);
    const bound = await createKey({ name: 'x', scopes: ['read'], stream: 'tt' });
    expect(bound.status).toBe(400);
    expect(bound.json).toMatchObject({
      error: {
        details: [{ field: 'stream', message: 'a key bound to a stream may only have the ingest scope' }],
      },
    });
    const past = await createKey({ name: 'x', scopes: ['ingest'], expires_at: at });
    expect(past.json).toMatchObject({
      error: { details: [{ field: 'expires_at', message: 'must be in the future' }] },
    });
    expect((await createKey({ name: 'x', scopes: ['ingest'], stream: 'nope' })).json).toMatchObject({
      error: { code: 'STREAM_NOT_FOUND' },
    });
  });

  test('/ingest takes a key with the ingest scope only, and records its use', async () => {
    const reader = (await createKey({ name: 'reader', scopes: ['read'] })).json.key as string;
    expect(await openIngest(reader)).toEqual({ refused: 403 });
    const pusher = await createKey({ name: 'pusher', scopes: ['ingest'] });
    const opened = await openIngest(pusher.json.key as string);
    if ('refused' in opened) throw new Error(`refused ${opened.refused}`);
    opened.ws.close();
    const keys = (await (await api(server.url, 'GET', '/api/profiles/kim/keys')).json()) as {
      keys: { id: string; last_used_at: number | null }[];
    };
    expect(keys.keys.find((k) => k.id === pusher.json.id)?.last_used_at).toBeGreaterThan(0);
  });

  test("a stream key pushes its own stream's events and nothing of another stream", async () => {
    const streamKey = (await createKey({ name: 'tt only', scopes: ['ingest'], stream: 'tt' })).json
      .key as string;
    const opened = await openIngest(streamKey);
    if ('refused' in opened) throw new Error(`refused ${opened.refused}`);
    const { ws, answers } = opened;
    ws.send(JSON.stringify({ ref: 'own', events: [{ stream: 'tt', kind: 'like', at, count: 1 }] }));
    ws.send(JSON.stringify({ ref: 'other', events: [{ stream: 'yt', kind: 'like', at, count: 1 }] }));
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    expect(answers).toContainEqual({ type: 'ack', ref: 'own', stored: 1, duplicates: 0 });
    expect(answers).toContainEqual({
      type: 'error',
      ref: 'other',
      error: expect.objectContaining({
        code: 'EVENT_INVALID',
        details: [{ index: 0, field: 'stream', message: "this key may push to stream 'tt' only" }],
      }),
    });
    ws.close();
  });

  test('an expired key opens nothing, and a revoked key closes its socket', async () => {
    // A key whose expiry has passed, as the store holds it.
    const expired = formatApiKey(randomBytes(64));
    await server.services.engine.keys.createApiKey({
      id: 'expired',
      profile: 'kim',
      name: 'expired',
      hint: expired.slice(-4),
      scopes: ['ingest'],
      stream: null,
      expires_at: Date.now() - 1,
      last_used_at: null,
      created_at: Date.now() - 60_000,
      hash: createHash('sha256').update(expired).digest('hex'),
    });
    expect(await openIngest(expired)).toEqual({ refused: 401 });
    const doomed = await createKey({ name: 'doomed', scopes: ['ingest'] });
    const opened = await openIngest(doomed.json.key as string);
    if ('refused' in opened) throw new Error(`refused ${opened.refused}`);
    const closed = new Promise<number>((resolve) => opened.ws.once('close', (code) => resolve(code)));
    expect(
      (await api(server.url, 'DELETE', `/api/profiles/kim/keys/${doomed.json.id as string}`)).status,
    ).toBe(204);
    expect(await closed).toBe(1008);
  });
});
