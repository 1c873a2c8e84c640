import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from '../../../src/main.js';
import { api, createProfile, startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

let server: RunningServer;
let temp: ReturnType<typeof makeTempDir>;
let key: string;
let wsUrl: string;

const at = Date.parse('2026-11-01T18:00:00Z');

beforeAll(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir);
  wsUrl = server.url.replace('http', 'ws') + '/ingest';
  await createProfile(server.url, 'ana', ['tt']);
  await createProfile(server.url, 'bo', ['tt']);
  const res = await api(server.url, 'POST', '/api/profiles/ana/ingest-keys', { name: 'obs plugin' });
  expect(res.status).toBe(201);
  key = ((await res.json()) as { key: string }).key;
});

afterAll(async () => {
  await server.close();
  temp.remove();
});

/** Opens a socket and collects its answers. */
async function open(
  headers: Record<string, string>,
  query = '',
): Promise<{ ws: WebSocket; answers: unknown[] }> {
  const ws = new WebSocket(wsUrl + query, { headers });
  const answers: unknown[] = [];
  ws.on('message', (data: Buffer) => answers.push(JSON.parse(data.toString('utf8'))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, answers };
}

async function waitFor(answers: unknown[], n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (answers.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(answers.length).toBe(n);
}

describe('the /ingest WebSocket', () => {
  test('stores events pushed with a profile key and acknowledges each message after commit', async () => {
    const { ws, answers } = await open({ authorization: `Bearer ${key}` });
    ws.send(JSON.stringify({ ref: 'a', events: [{ stream: 'tt', kind: 'like', at, count: 5, id: 'l1' }] }));
    ws.send(JSON.stringify([{ stream: 'tt', kind: 'gift', at: at + 1, count: 2, value: 10, id: 'g1' }]));
    ws.send(JSON.stringify({ ref: 7, events: [{ stream: 'tt', kind: 'like', at, count: 5, id: 'l1' }] }));
    await waitFor(answers, 3);
    expect(answers).toContainEqual({ type: 'ack', ref: 'a', stored: 1, duplicates: 0 });
    expect(answers).toContainEqual({ type: 'ack', ref: null, stored: 1, duplicates: 0 });
    expect(answers).toContainEqual({ type: 'ack', ref: 7, stored: 0, duplicates: 1 });
    ws.close();
    const stats = (await (await api(server.url, 'GET', '/api/profiles/ana/stats')).json()) as {
      combined: { likes: number; coins: number };
    };
    expect(stats.combined).toMatchObject({ likes: 5, coins: 10 });
    const other = (await (await api(server.url, 'GET', '/api/profiles/bo/stats')).json()) as {
      combined: { likes: number };
    };
    expect(other.combined.likes).toBe(0);
  });

  test('answers an invalid batch with every problem and stores none of it', async () => {
    const { ws, answers } = await open({}, `?key=${encodeURIComponent(key)}`);
    ws.send(
      JSON.stringify({
        ref: 'bad',
        events: [
          { stream: 'tt', kind: 'like', at, count: 1, id: 'ok-but-rejected' },
          { stream: 'tt', kind: 'nope', at },
          { stream: 'zz', kind: 'chat', at: 5 },
        ],
      }),
    );
    ws.send('not json');
    await waitFor(answers, 2);
    const bad = answers.find((a) => (a as { ref: unknown }).ref === 'bad') as {
      type: string;
      error: { code: string; details: { index: number; field: string }[] };
    };
    expect(bad.type).toBe('error');
    expect(bad.error.code).toBe('EVENT_INVALID');
    expect(bad.error.details.map((d) => `${d.index}:${d.field}`)).toEqual(
      expect.arrayContaining(['1:kind', '2:at', '2:text']),
    );
    expect(answers).toContainEqual({
      type: 'error',
      ref: null,
      error: { code: 'MESSAGE_INVALID', message: 'the message is not valid JSON' },
    });
    ws.close();
    const page = (await (await api(server.url, 'GET', '/api/profiles/ana/events?limit=100')).json()) as {
      events: { id?: string }[];
    };
    expect(page.events.map((e) => e.id)).not.toContain('ok-but-rejected');
  });

  test('refuses a connection without a valid key, and a revoked key', async () => {
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => undefined);
      });
    expect(await status({})).toBe(401);
    expect(await status({ authorization: 'Bearer spk_guess' })).toBe(401);
    const created = (await (
      await api(server.url, 'POST', '/api/profiles/ana/ingest-keys', { name: 'temporary' })
    ).json()) as { id: string; key: string; hint: string };
    expect(created.hint).toBe(created.key.slice(-4));
    expect(await status({ authorization: `Bearer ${created.key}` })).toBe(101);
    const listed = (await (await api(server.url, 'GET', '/api/profiles/ana/ingest-keys')).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(listed.keys.map((k) => k.name)).toEqual(['obs plugin', 'temporary']);
    expect(listed.keys.every((k) => !('key' in k) && !('hash' in k))).toBe(true);
    expect((await api(server.url, 'DELETE', `/api/profiles/ana/ingest-keys/${created.id}`)).status).toBe(204);
    expect(await status({ authorization: `Bearer ${created.key}` })).toBe(401);
  });

  test('leaves the Socket.IO live push working beside it', async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(200);
  });
});
