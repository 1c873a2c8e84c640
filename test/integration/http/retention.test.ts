import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

const DAY = 86_400_000;
let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
  await createProfileWithStream(t.app, 'ana', { id: 'tiktok-a', platform: 'tiktok', channel: '@ana' });
});
afterEach(() => t.close());

const inject = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, ...(payload ? { payload } : {}) });

interface Status {
  retention_days: number | null;
  snapshot_seq: number;
  running: boolean;
  runs: { id: number; events: number; deleted: number; status: string; archive: string; to_seq: number }[];
}

/** 40 days of an hour of likes and a gift each, the last one today. */
async function pushDays(): Promise<number> {
  const today = Date.now() - 60_000;
  const events = [];
  for (let d = 39; d >= 0; d--) {
    const at = today - d * DAY;
    events.push({
      stream: 'tiktok-a',
      kind: 'like',
      at,
      count: 3,
      user: { id: `u${d % 4}`, name: `v${d % 4}` },
    });
    events.push({
      stream: 'tiktok-a',
      kind: 'gift',
      at: at + 1000,
      id: `g${d}`,
      count: 1,
      value: 10,
      user: { id: 'u9', name: 'big' },
      gift: { id: 'rose', name: 'Rose' },
    });
  }
  const res = await inject('POST', '/api/profiles/ana/events', events);
  expect(res.statusCode).toBe(200);
  return events.length;
}

describe('retention of raw events over HTTP', () => {
  test('a run archives and deletes the events older than the setting; stats stay and the archive downloads', async () => {
    const pushed = await pushDays();
    const stats = (await inject('GET', '/api/profiles/ana/stats')).json<unknown>();
    expect((await inject('GET', '/api/profiles/ana/retention')).json<Status>()).toMatchObject({
      retention_days: 90,
      snapshot_seq: 0,
      runs: [],
    });
    expect((await inject('PUT', '/api/profiles/ana/retention', { retention_days: 10 })).json()).toEqual({
      retention_days: 10,
    });
    expect((await inject('POST', '/api/profiles/ana/retention/run')).statusCode).toBe(202);
    let status: Status | undefined;
    await vi.waitFor(
      async () => {
        status = (await inject('GET', '/api/profiles/ana/retention')).json<Status>();
        expect(status.runs[0]?.status).toBe('deleted');
      },
      { timeout: 20_000, interval: 50 },
    );
    const [run] = status!.runs;
    // Days 39..10 (a minute more than 10 days ago) are older than 10 days: two events each.
    expect(run).toMatchObject({ events: 30 * 2, deleted: 30 * 2 });
    expect(status!.snapshot_seq).toBe(run!.to_seq);
    const page = (await inject('GET', '/api/profiles/ana/events?after=0&limit=1000')).json<{
      events: { seq: number }[];
    }>();
    expect(page.events).toHaveLength(pushed - 30 * 2);
    expect((await inject('GET', '/api/profiles/ana/stats')).json()).toEqual(stats);

    const archive = await inject('GET', `/api/profiles/ana/retention/archives/${run!.archive}`);
    expect(archive.statusCode).toBe(200);
    expect(archive.headers['content-type']).toBe('application/gzip');
    const lines = gunzipSync(archive.rawPayload).toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(30 * 2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ seq: 1, kind: 'like' });
  });

  test('a bad retention is a 400 naming the field; a path or a name retention never writes is a 404', async () => {
    for (const retention_days of [0, 3651, 1.5, '30', -1]) {
      const res = await inject('PUT', '/api/profiles/ana/retention', { retention_days });
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json())).toContain('retention_days');
    }
    expect((await inject('PUT', '/api/profiles/ana/retention', { retention_days: null })).json()).toEqual({
      retention_days: null,
    });
    for (const name of ['..%2F..%2Fsystem.db', 'events-1-2.ndjson.gz', 'x', 'events-1-2.ndjson.gz.partial']) {
      expect((await inject('GET', `/api/profiles/ana/retention/archives/${name}`)).statusCode).toBe(404);
    }
    expect((await inject('GET', '/api/profiles/nobody/retention')).statusCode).toBe(404);
    expect((await inject('POST', '/api/profiles/nobody/retention/run')).statusCode).toBe(404);
  });
});
