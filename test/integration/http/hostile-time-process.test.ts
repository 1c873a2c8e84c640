import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { makeTempDir } from '../../support/temp-dir.js';

// The real server in its own process: bad times and bad events that are accepted must neither end
// it nor spoil the profile for good.
const DAY = 86_400_000;
let temp: ReturnType<typeof makeTempDir>;
let server: ServerProcess;
let key: string;

const send = (method: string, path: string, body?: unknown) =>
  fetch(server.url + path, {
    method,
    ...(body === undefined
      ? { headers: server.login }
      : { headers: { 'content-type': 'application/json', ...server.login }, body: JSON.stringify(body) }),
  });
const read = async <T>(path: string) => (await (await send('GET', path)).json()) as T;

beforeAll(async () => {
  temp = makeTempDir();
  server = await startServerProcess({ STREAMPULSE_DATA_DIR: temp.dir, STREAMPULSE_SQLITE_SYNC: 'normal' });
  expect((await send('POST', '/api/profiles', { id: 'p', name: 'P' })).status).toBe(201);
  expect(
    (await send('POST', '/api/profiles/p/streams', { id: 's', platform: 'custom', channel: 's' })).status,
  ).toBe(201);
  key = (
    (await (await send('POST', '/api/profiles/p/ingest-keys', { name: 'tool' })).json()) as { key: string }
  ).key;
}, 60_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  temp.remove();
});

async function expectAlive(): Promise<void> {
  expect(server.child.exitCode).toBeNull();
  expect((await fetch(`${server.url}/ready`)).status).toBe(200);
}

function ingestOnce(
  message: unknown,
): Promise<{ type: string; error?: { code: string; details?: { field: string }[] } }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ingest`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify(message)));
    ws.once('message', (data: Buffer) => {
      resolve(JSON.parse(data.toString('utf8')) as never);
      ws.close();
    });
    ws.once('error', reject);
  });
}

interface Session {
  id: number;
  started_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

describe('a real server process and events at hostile times', () => {
  test('a reading dated in the year 2999 is refused over HTTP and /ingest, and pins nothing', async () => {
    const reading = { stream: 's', kind: 'viewers', at: '2999-01-01T00:00:00Z', count: 99_999 };
    const http = await send('POST', '/api/profiles/p/events', [reading]);
    expect(http.status).toBe(400);
    expect(await http.json()).toMatchObject({ error: { details: [{ index: 0, field: 'at' }] } });
    const socket = await ingestOnce({ ref: 1, events: [reading] });
    expect(socket).toMatchObject({
      type: 'error',
      error: { code: 'EVENT_INVALID', details: [{ field: 'at' }] },
    });
    await expectAlive();
    expect(await read('/api/profiles/p/events')).toEqual({ events: [], next: null });
  });

  test('events dated years and days late leave the open session and its report as they were', async () => {
    const now = Date.now();
    const live = Array.from({ length: 10 }, (_, i) => ({
      stream: 's',
      kind: 'viewers',
      at: now - (10 - i) * 60_000,
      count: 50 + i,
    }));
    expect((await send('POST', '/api/profiles/p/events', live)).status).toBe(200);
    const late = [
      { stream: 's', kind: 'like', at: now - 30 * DAY, count: 1 },
      { stream: 's', kind: 'like', at: '2001-01-01T00:00:00Z', count: 1 },
    ];
    expect((await send('POST', '/api/profiles/p/events', late)).status).toBe(200);
    await expectAlive();
    const { sessions } = await read<{ sessions: Session[] }>('/api/profiles/p/sessions');
    const open = sessions.find((s) => s.ended_at === null)!;
    expect(open.started_at).toBe(now - 10 * 60_000);
    expect(sessions.filter((s) => s.end_reason === 'late')).toHaveLength(2);
    for (const s of sessions) {
      const report = await send('GET', `/api/profiles/p/sessions/${s.id}/report?resolution=1`);
      expect(report.status).toBe(200);
      expect((await report.text()).length).toBeLessThan(100_000);
    }
  });

  test('a bad event once stored is taken back by a void, and the process goes on', async () => {
    const gift = {
      stream: 's',
      kind: 'gift',
      at: Date.now() - 1000,
      id: 'test-gift',
      value: 44_999,
      user: { id: 'u', name: 'u' },
    };
    expect((await send('POST', '/api/profiles/p/events', [gift])).status).toBe(200);
    const voided = await send('POST', '/api/profiles/p/events/void', {
      target: { source_id: 'test-gift' },
      reason: 'a test gift',
    });
    expect(await voided.json()).toMatchObject({ voided: 1 });
    const stats = await read<{ combined: { coins: number } }>('/api/profiles/p/stats');
    expect(stats.combined.coins).toBe(0);
    await expectAlive();
  });
});
