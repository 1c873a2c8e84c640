import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * The most one request may raise the server's resident memory, with the default limits (16 MiB
 * bodies, a page of the log at about 4 MiB, reports and drivers bounded in stream-minutes). The
 * README's Limits section states it.
 */
const MEMORY_BOUND_MB = 192;
const DAY = 86_400_000;
const STREAMS = Array.from({ length: 10 }, (_, i) => `s${i}`);
const BLOB = { note: 'x'.repeat(3900) };

// Each request is measured on a freshly started server over the same data: the peak of its
// resident memory (VmHWM, reset before the request) over what it held just before.
let temp: ReturnType<typeof makeTempDir>;
let server: ServerProcess;
let key: string;
let from: number;
let sessionId: number;
const now = Date.now();

const env = () => ({ STREAMPULSE_DATA_DIR: temp.dir, STREAMPULSE_SQLITE_SYNC: 'normal' });
const send = (method: string, path: string, body?: string, type = 'application/json') =>
  fetch(server.url + path, {
    method,
    ...(body === undefined
      ? { headers: server.login }
      : { body, headers: { 'content-type': type, ...server.login } }),
  });
const kib = (field: 'VmRSS' | 'VmHWM') =>
  Number(
    new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1],
  );

async function restart(): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
  server = await startServerProcess(env());
}

/** Restarts the server, then answers how many MB above its memory just before `request` it peaked. */
async function peakGrowthMb(request: () => Promise<unknown>): Promise<number> {
  await restart();
  await send('GET', '/api/profiles/m/stats');
  writeFileSync(`/proc/${server.child.pid}/clear_refs`, '5');
  const before = kib('VmRSS');
  await request();
  return (kib('VmHWM') - before) / 1024;
}

beforeAll(async () => {
  temp = makeTempDir();
  server = await startServerProcess(env());
  await send('POST', '/api/profiles', JSON.stringify({ id: 'm', name: 'M' }));
  for (const id of STREAMS) {
    await send('POST', '/api/profiles/m/streams', JSON.stringify({ id, platform: 'custom', channel: id }));
  }
  key = (
    (await (await send('POST', '/api/profiles/m/ingest-keys', JSON.stringify({ name: 'm' }))).json()) as {
      key: string;
    }
  ).key;
  // 12,000 events with 3.9 KB of data each: pages of the log as large as a page gets.
  for (let k = 0; k < 4; k++) {
    const events = Array.from({ length: 3000 }, (_, i) => ({
      stream: 's0',
      kind: 'like',
      at: now - 9 * DAY + (k * 3000 + i) * 1000,
      data: BLOB,
    }));
    expect((await send('POST', '/api/profiles/m/events', JSON.stringify(events))).status).toBe(200);
  }
  // Ten streams read every minute for seven days: more stream-minutes than a report or an
  // analysis reads, so they read up to their bound and refuse.
  from = Math.floor((now - 7.5 * DAY) / 60_000) * 60_000;
  let batch: object[] = [];
  for (let minute = 0; minute < 7 * 1440; minute++) {
    for (const stream of STREAMS)
      batch.push({ stream, kind: 'viewers', at: from + minute * 60_000 + 1000, count: 100 });
    if (batch.length >= 40_000 || minute === 7 * 1440 - 1) {
      expect((await send('POST', '/api/profiles/m/events', JSON.stringify(batch))).status).toBe(200);
      batch = [];
    }
  }
  const { sessions } = (await (await send('GET', '/api/profiles/m/sessions?stream=s1')).json()) as {
    sessions: { id: number }[];
  };
  sessionId = sessions[0]!.id;
}, 120_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  temp.remove();
});

/** A body just under 16 MiB of events made by `event`. */
function bodyOf(event: (i: number) => object, ndjson = false): string {
  const one = JSON.stringify(event(0)).length + 1;
  const n = Math.floor((16 * 1024 ** 2 - 16) / one);
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify(event(i)));
  return ndjson ? lines.join('\n') : `[${lines.join(',')}]`;
}

// Ids of one width, so that every event of a body is as long as the first.
const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(6, '0')}`;
const validEvent = (i: number) => ({
  stream: 's1',
  kind: 'chat',
  at: now - 60_000,
  id: id('v', i),
  text: 'hi',
  data: BLOB,
});
const invalidEvent = () => ({ stream: 'nope', kind: 'dance', at: 'noon', text: 'y'.repeat(3900) });

describe(`one request raises the server's memory by at most ${MEMORY_BOUND_MB} MB`, () => {
  const cases: [string, () => Promise<void>][] = [
    [
      'a 16 MiB JSON batch of valid events with large data',
      async () => {
        expect((await send('POST', '/api/profiles/m/events', bodyOf(validEvent))).status).toBe(200);
      },
    ],
    [
      'a 16 MiB NDJSON batch of valid events with large data',
      async () => {
        const body = bodyOf((i) => ({ ...validEvent(i), id: id('n', i) }), true);
        expect((await send('POST', '/api/profiles/m/events', body, 'application/x-ndjson')).status).toBe(200);
      },
    ],
    [
      'a 16 MiB batch of invalid events',
      async () => {
        const res = await send('POST', '/api/profiles/m/events', bodyOf(invalidEvent));
        expect(res.status).toBe(400);
        expect((await res.text()).length).toBeLessThan(64 * 1024);
      },
    ],
    [
      'a 16 MiB /ingest message of valid events',
      async () => {
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ingest`, {
          headers: { authorization: `Bearer ${key}` },
        });
        const answer = new Promise<{ type: string }>((resolve, reject) => {
          ws.once('message', (data: Buffer) =>
            resolve(JSON.parse(data.toString('utf8')) as { type: string }),
          );
          ws.once('error', reject);
        });
        await new Promise((resolve) => ws.once('open', resolve));
        ws.send(`{"ref":1,"events":${bodyOf((i) => ({ ...validEvent(i), id: id('w', i) }))}}`);
        expect((await answer).type).toBe('ack');
        ws.close();
      },
    ],
    [
      'the largest page of the log',
      async () => {
        const res = await send('GET', '/api/profiles/m/events?limit=10000');
        expect(res.status).toBe(200);
        expect((await res.text()).length).toBeGreaterThan(4_000_000);
      },
    ],
    [
      'a session report reading up to its bound of stream-minutes',
      async () => {
        const res = await send('GET', `/api/profiles/m/sessions/${sessionId}/report`);
        expect(await res.json()).toMatchObject({ error: { code: 'REPORT_TOO_LARGE' } });
      },
    ],
    [
      'a day of ten streams at 1-minute resolution',
      async () => {
        const res = await send(
          'GET',
          `/api/profiles/m/sessions/${sessionId}/report?resolution=1&from=${from}&to=${from + DAY}`,
        );
        expect(res.status).toBe(200);
      },
    ],
    [
      'the drivers of a range reading up to their bound of stream-minutes',
      async () => {
        const res = await send('GET', `/api/profiles/m/drivers?from=${from}&to=${from + 7 * DAY}`);
        expect(await res.json()).toMatchObject({ error: { code: 'RANGE_TOO_LARGE' } });
      },
    ],
  ];
  test.each(cases)(
    '%s',
    async (_name, request) => {
      expect(await peakGrowthMb(request)).toBeLessThan(MEMORY_BOUND_MB);
    },
    60_000,
  );
});
