import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { parsePrometheusText, sampleValue, type Sample } from '../../support/prometheus-text.js';
import {
  api,
  connect,
  createProfile,
  eventually,
  recordAll,
  startLiveServer,
} from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { createLogin, type LoginHeaders } from '../../support/test-login.js';

const T = Date.now();
const EVENTS_ROUTE = '/api/profiles/:profile/events';

const like = (id: string, i = 0) => ({ id, stream: 's1', kind: 'like', at: T + i, count: 1 });

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`GET /metrics (${engine})`, () => {
    let temp: ReturnType<typeof makeTempDir>;
    let db: TestDatabase | undefined;
    let server: RunningServer;
    let metricsKey: string;

    beforeAll(async () => {
      temp = makeTempDir();
      db = engine === 'postgres' ? await createTestDatabase() : undefined;
      server = await startLiveServer(temp.dir, {
        // A batch of more than 10 events is refused before it is read (BATCH_TOO_LARGE).
        STREAMPULSE_QUEUE_LIMIT: '10',
        STREAMPULSE_LIVE_WINDOW_MS: '20',
        ...(db ? { STREAMPULSE_DATABASE_URL: db.url } : {}),
      });
      await createProfile(server.url, 'show', ['s1']);
      const created = await api(server.url, 'POST', '/api/profiles/show/keys', {
        name: 'prometheus',
        scopes: ['metrics'],
      });
      expect(created.status).toBe(201);
      metricsKey = ((await created.json()) as { key: string }).key;
    });
    afterAll(async () => {
      await server?.close();
      await db?.drop();
      temp.remove();
    });

    /** Scrapes as Prometheus does, with the metrics key as a bearer token. */
    async function scrape(): Promise<Sample[]> {
      const res = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${metricsKey}` },
      });
      expect(res.status).toBe(200);
      return parsePrometheusText(await res.text());
    }
    const push = (body: unknown) => api(server.url, 'POST', '/api/profiles/show/events', body);

    test('counts stored events and duplicates per profile, batches and their commit times, and refused batches by code', async () => {
      const before = await scrape();
      expect(sampleValue(before, 'streampulse_ingest_events_total', { profile: 'show' })).toBeUndefined();

      expect(await (await push([like('a'), like('b', 1), like('c', 2)])).json()).toEqual({
        stored: 3,
        duplicates: 0,
      });
      expect(await (await push([like('a'), like('d', 3)])).json()).toEqual({ stored: 1, duplicates: 1 });
      expect(await (await push([like('a'), like('b', 1)])).json()).toEqual({ stored: 0, duplicates: 2 });
      expect((await push([{ stream: 's1', kind: 'like' }])).status).toBe(400);
      expect((await push([{ stream: 'nope', kind: 'like', at: T }])).status).toBe(400);
      expect((await push(Array.from({ length: 11 }, (_, i) => like(`x${i}`, i)))).status).toBe(413);

      const after = await scrape();
      expect(sampleValue(after, 'streampulse_ingest_events_total', { profile: 'show' })).toBe(4);
      expect(sampleValue(after, 'streampulse_ingest_duplicates_total', { profile: 'show' })).toBe(3);
      expect(sampleValue(after, 'streampulse_ingest_batches_total', { result: 'committed' })).toBe(3);
      expect(sampleValue(after, 'streampulse_ingest_batches_total', { result: 'failed' })).toBeUndefined();
      expect(sampleValue(after, 'streampulse_ingest_batch_commit_seconds_count')).toBe(3);
      expect(sampleValue(after, 'streampulse_ingest_batch_commit_seconds_sum')).toBeGreaterThan(0);
      expect(sampleValue(after, 'streampulse_ingest_batch_commit_seconds_bucket', { le: '+Inf' })).toBe(3);
      expect(sampleValue(after, 'streampulse_ingest_rejected_batches_total', { code: 'EVENT_INVALID' })).toBe(
        2,
      );
      expect(
        sampleValue(after, 'streampulse_ingest_rejected_batches_total', { code: 'BATCH_TOO_LARGE' }),
      ).toBe(1);
      expect(sampleValue(after, 'streampulse_ingest_queue_events', { profile: 'show' })).toBe(0);
    });

    test('times HTTP requests by route pattern and status class, never by the URL asked for', async () => {
      await api(server.url, 'GET', '/api/profiles/show/stats');
      await api(server.url, 'GET', '/api/profiles/no-such-profile-here/stats');
      await api(server.url, 'GET', '/api/no/such/route');
      const samples = await scrape();
      const count = (labels: Record<string, string>) =>
        sampleValue(samples, 'streampulse_http_request_duration_seconds_count', labels);
      expect(count({ method: 'GET', route: '/api/profiles/:profile/stats', status_class: '2xx' })).toBe(1);
      expect(count({ method: 'GET', route: '/api/profiles/:profile/stats', status_class: '4xx' })).toBe(1);
      expect(count({ method: 'POST', route: EVENTS_ROUTE, status_class: '2xx' })).toBeGreaterThanOrEqual(3);
      expect(count({ method: 'GET', route: 'unmatched', status_class: '4xx' })).toBe(1);
      const routes = new Set(
        samples
          .filter((s) => s.name === 'streampulse_http_request_duration_seconds_count')
          .map((s) => s.labels.route),
      );
      expect([...routes].some((r) => r?.includes('no-such-profile-here') || r?.includes('/no/such'))).toBe(
        false,
      );
    });

    test('counts the live clients of a profile and times the pushes they get', async () => {
      const client: Socket = connect(server.url, 'show');
      const seen = recordAll(client);
      try {
        await eventually(() => expect(seen.get('stats')?.length).toBeGreaterThan(0));
        expect(sampleValue(await scrape(), 'streampulse_live_clients', { profile: 'show' })).toBe(1);
        const pushesBefore = seen.get('stats')!.length;
        await push([like('live-1', 10)]);
        await eventually(() => expect(seen.get('stats')!.length).toBeGreaterThan(pushesBefore));
        await eventually(async () => {
          const samples = await scrape();
          expect(sampleValue(samples, 'streampulse_live_push_latency_seconds_count')).toBeGreaterThanOrEqual(
            1,
          );
          expect(sampleValue(samples, 'streampulse_live_push_latency_seconds_sum')).toBeGreaterThan(0);
        });
      } finally {
        client.disconnect();
      }
      await eventually(async () =>
        expect(sampleValue(await scrape(), 'streampulse_live_clients', { profile: 'show' }) ?? 0).toBe(0),
      );
    });

    test('reports the room each profile takes and, on PostgreSQL, the connection pool', async () => {
      const samples = await scrape();
      expect(sampleValue(samples, 'streampulse_storage_bytes', { profile: 'show' })).toBeGreaterThan(0);
      expect(sampleValue(samples, 'streampulse_storage_system_bytes')).toBeGreaterThan(0);
      expect(
        sampleValue(samples, 'streampulse_storage_wal_bytes', { profile: 'show' }),
      ).toBeGreaterThanOrEqual(0);
      if (engine === 'postgres') {
        expect(sampleValue(samples, 'streampulse_storage_wal_bytes', { profile: 'show' })).toBe(0);
        expect(sampleValue(samples, 'streampulse_disk_bytes', { kind: 'free' })).toBeUndefined();
        expect(sampleValue(samples, 'streampulse_db_pool_max')).toBe(10);
        const busy = sampleValue(samples, 'streampulse_db_pool_connections', { state: 'busy' })!;
        const idle = sampleValue(samples, 'streampulse_db_pool_connections', { state: 'idle' })!;
        expect(busy + idle).toBeGreaterThanOrEqual(1);
        expect(busy + idle).toBeLessThanOrEqual(10);
        expect(sampleValue(samples, 'streampulse_db_pool_waiting')).toBe(0);
      } else {
        expect(sampleValue(samples, 'streampulse_disk_bytes', { kind: 'free' })).toBeGreaterThan(0);
        expect(sampleValue(samples, 'streampulse_disk_bytes', { kind: 'total' })).toBeGreaterThan(0);
        expect(samples.some((s) => s.name.startsWith('streampulse_db_pool_'))).toBe(false);
      }
    });

    test("holds the process's own metrics", async () => {
      const samples = await scrape();
      expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(sampleValue(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
      expect(sampleValue(samples, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    });

    test("a deleted profile's series go with it", async () => {
      await createProfile(server.url, 'gone', ['s1']);
      await api(server.url, 'POST', '/api/profiles/gone/events', [like('g1')]);
      expect(sampleValue(await scrape(), 'streampulse_ingest_events_total', { profile: 'gone' })).toBe(1);
      expect((await api(server.url, 'DELETE', '/api/profiles/gone')).status).toBe(204);
      expect(
        sampleValue(await scrape(), 'streampulse_ingest_events_total', { profile: 'gone' }),
      ).toBeUndefined();
    });
  });
}

describe('who may read /metrics', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let server: RunningServer;
  let owner: LoginHeaders;
  let readKey: string;
  let metricsKey: string;

  beforeAll(async () => {
    temp = makeTempDir();
    server = await startLiveServer(temp.dir);
    await createProfile(server.url, 'show', ['s1']);
    owner = await createLogin(server.services.accounts, 'olga');
    await server.services.members.set('show', 'olga', 'owner');
    readKey = (await server.services.apiKeys.create('show', { name: 'r', scopes: ['read'] })).key;
    metricsKey = (
      await server.services.apiKeys.create('show', { name: 'm', scopes: ['metrics'], byAdmin: true })
    ).key;
  });
  afterAll(async () => {
    await server?.close();
    temp.remove();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
  const createKey = (headers: Record<string, string>, body: unknown) =>
    fetch(`${server.url}/api/profiles/show/keys`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('anyone without credentials is refused with 401, a read key and an owner who is not an admin with 403', async () => {
    const anonymous = await get('/metrics');
    expect([anonymous.status, await codeOf(anonymous)]).toEqual([401, 'LOGIN_REQUIRED']);
    const read = await get('/metrics', bearer(readKey));
    expect([read.status, await codeOf(read)]).toEqual([403, 'KEY_SCOPE_MISSING']);
    const byOwner = await get('/metrics', { ...owner });
    expect([byOwner.status, await codeOf(byOwner)]).toEqual([403, 'ADMIN_REQUIRED']);
  });

  test('a metrics key and a logged-in admin read them, in the Prometheus text format', async () => {
    const byKey = await get('/metrics', bearer(metricsKey));
    expect(byKey.status).toBe(200);
    expect(byKey.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await byKey.text()).toMatch(/^# HELP streampulse_ingest_events_total /m);
    const byAdmin = await api(server.url, 'GET', '/metrics');
    expect(byAdmin.status).toBe(200);
  });

  test('a metrics key reads nothing of its profile, and pushes nothing', async () => {
    const stats = await get('/api/profiles/show/stats', bearer(metricsKey));
    expect([stats.status, await codeOf(stats)]).toEqual([403, 'KEY_SCOPE_MISSING']);
    const pushed = await fetch(`${server.url}/api/profiles/show/events`, {
      method: 'POST',
      headers: { ...bearer(metricsKey), 'content-type': 'application/json' },
      body: JSON.stringify([like('k1')]),
    });
    expect(pushed.status).toBe(403);
  });

  test('only a server admin grants the metrics scope, and only alone', async () => {
    const byOwner = await createKey(owner, { name: 'mine', scopes: ['metrics'] });
    expect([byOwner.status, await codeOf(byOwner)]).toEqual([403, 'ADMIN_REQUIRED']);
    const mixedByOwner = await createKey(owner, { name: 'mine', scopes: ['read', 'metrics'] });
    expect(mixedByOwner.status).toBe(403);
    const readByOwner = await createKey(owner, { name: 'mine', scopes: ['read'] });
    expect(readByOwner.status).toBe(201);
    const mixed = await api(server.url, 'POST', '/api/profiles/show/keys', {
      name: 'm2',
      scopes: ['metrics', 'read'],
    });
    expect([mixed.status, await codeOf(mixed)]).toEqual([400, 'VALIDATION_FAILED']);
    const byAdmin = await api(server.url, 'POST', '/api/profiles/show/keys', {
      name: 'm2',
      scopes: ['metrics'],
    });
    expect(byAdmin.status).toBe(201);
    expect(((await byAdmin.json()) as { scopes: string[] }).scopes).toEqual(['metrics']);
  });
});
