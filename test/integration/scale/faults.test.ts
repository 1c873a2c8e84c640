// Faults of the shared services: PostgreSQL restarting under ingest, and Redis going away and
// coming back under two instances. Each runs against a server of its own (never the shared one).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { api, connect, startLiveServer } from '../../support/live-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres.js';
import { startThrowawayRedis, uniquePrefix, type ThrowawayRedis } from '../../support/redis.js';
import { makeTempDir } from '../../support/temp-dir.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PostgreSQL restarting during ingest', () => {
  let database: ThrowawayPostgres;
  let server: RunningServer;
  const temp = makeTempDir();

  beforeAll(async () => {
    database = await startThrowawayPostgres();
    server = await startLiveServer(temp.dir, {
      STREAMPULSE_DATABASE_URL: database.url,
      STREAMPULSE_DB_POOL_SIZE: '4',
    });
    await api(server.url, 'POST', '/api/profiles', { id: 'f', name: 'F' });
    await api(server.url, 'POST', '/api/profiles/f/streams', { id: 'tt', platform: 'custom', channel: 'tt' });
  });
  afterAll(async () => {
    await server.close();
    database.remove();
    temp.remove();
  });

  test('answers 503 with Retry-After while it is down, loses nothing acknowledged, and resumes by itself', async () => {
    const acknowledged: string[] = [];
    const refusals: (string | null)[] = [];
    let pushing = true;
    const pusher = (async () => {
      for (let k = 0; pushing; k += 1) {
        const batch = Array.from({ length: 25 }, (_, i) => ({
          stream: 'tt',
          kind: 'like',
          at: Date.now(),
          id: `b${k}-${i}`,
          count: 1,
        }));
        const res = await api(server.url, 'POST', '/api/profiles/f/events', batch);
        if (res.status === 200) acknowledged.push(...batch.map((e) => e.id));
        else if (res.status === 503) refusals.push(res.headers.get('retry-after'));
        else throw new Error(`unexpected ${res.status}: ${await res.text()}`);
        await sleep(20);
      }
    })();
    await sleep(800);
    const before = acknowledged.length;
    database.stop();
    await sleep(1500);
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(503);
    const duringOutage = refusals.length;
    database.start();
    // Ingest resumes by itself, and /ready with it.
    const deadline = Date.now() + 20_000;
    let resumedAt = 0;
    while (Date.now() < deadline) {
      const size = acknowledged.length;
      await sleep(300);
      if (acknowledged.length > size && (await fetch(`${server.url}/ready`)).status === 200) {
        resumedAt = Date.now();
        break;
      }
    }
    pushing = false;
    await pusher;
    expect(before).toBeGreaterThan(0);
    expect(duringOutage).toBeGreaterThan(0);
    expect(refusals.every((r) => r !== null && Number(r) >= 1)).toBe(true);
    expect(resumedAt).toBeGreaterThan(0);
    // Every acknowledged event is stored, exactly once.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ n: string; d: string }>(
      'SELECT count(*) AS n, count(DISTINCT source_id) AS d FROM p_f.events WHERE source_id = ANY($1)',
      [acknowledged],
    );
    await client.end();
    expect(Number(rows[0]!.n)).toBe(acknowledged.length);
    expect(Number(rows[0]!.d)).toBe(acknowledged.length);
  }, 60_000);
});

describe('Redis going away under two instances', () => {
  let redis: ThrowawayRedis;
  let db: TestDatabase;
  const servers: RunningServer[] = [];
  const temps = [makeTempDir(), makeTempDir()];

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    db = await createTestDatabase();
    const prefix = uniquePrefix();
    for (const temp of temps) {
      servers.push(
        await startLiveServer(temp.dir, {
          STREAMPULSE_DATABASE_URL: db.url,
          STREAMPULSE_REDIS_URL: redis.url,
          STREAMPULSE_REDIS_PREFIX: prefix,
        }),
      );
    }
    await api(servers[0]!.url, 'POST', '/api/profiles', { id: 'r', name: 'R' });
    await api(servers[0]!.url, 'POST', '/api/profiles/r/streams', {
      id: 'tt',
      platform: 'custom',
      channel: 'tt',
    });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await redis.kill();
    await db.drop();
    for (const t of temps) t.remove();
  });

  test('each instance keeps serving its own clients, and the shared mode comes back with Redis', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const client = connect(a.url, 'r');
    let likes = 0;
    client.on('stats', (s: { combined: { likes: number } }) => (likes = s.combined.likes));
    await new Promise<void>((resolve) => client.once('stats', () => resolve()));
    const push = (target: RunningServer, n: number) =>
      api(target.url, 'POST', '/api/profiles/r/events', [
        { stream: 'tt', kind: 'like', at: Date.now(), count: n },
      ]);
    const seen = async (total: number, ms: number) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && likes < total) await sleep(50);
      return likes >= total;
    };

    // Shared: a commit on B reaches A's client.
    await sleep(500);
    await push(b, 1);
    expect(await seen(1, 5000)).toBe(true);

    await redis.kill();
    // A still serves its own client; B's commits cannot reach it meanwhile.
    await push(a, 10);
    expect(await seen(11, 5000)).toBe(true);
    await push(b, 100);
    expect(await seen(111, 1000)).toBe(false);

    await redis.restart();
    // Back to shared by itself: B's next commit reaches A's client again.
    const deadline = Date.now() + 15_000;
    let shared = false;
    while (!shared && Date.now() < deadline) {
      await push(b, 1000);
      shared = await seen(1111, 1000);
    }
    expect(shared).toBe(true);
    client.close();
  }, 60_000);
});
