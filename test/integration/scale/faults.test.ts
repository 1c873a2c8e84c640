// Faults of the shared services: PostgreSQL restarting under ingest, and Redis going away and
// coming back under two instances. Each runs against a server of its own (never the shared one).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { api, connect, startLiveServer } from '../../support/live-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres.js';
import { startThrowawayRedis, uniquePrefix, type ThrowawayRedis } from '../../support/redis.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** Paces the pushers: a batch every few milliseconds, like a busy source. */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
        await pause(20);
      }
    })();
    const isReady = async () => (await fetch(`${server.url}/ready`)).status === 200;
    await vi.waitFor(() => expect(acknowledged.length).toBeGreaterThan(0), { timeout: 10_000 });
    database.stop();
    await vi.waitFor(
      async () => {
        expect(refusals.length).toBeGreaterThan(0);
        expect(await isReady()).toBe(false);
      },
      { timeout: 10_000, interval: 100 },
    );
    database.start();
    // Ingest resumes by itself, and /ready with it.
    const acknowledgedAtStart = acknowledged.length;
    await vi.waitFor(
      async () => {
        expect(acknowledged.length).toBeGreaterThan(acknowledgedAtStart);
        expect(await isReady()).toBe(true);
      },
      { timeout: 20_000, interval: 100 },
    );
    pushing = false;
    await pusher;
    expect(refusals.every((r) => r !== null && Number(r) >= 1)).toBe(true);
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
    const chats: string[] = [];
    client.on('stats', (s: { combined: { likes: number } }) => (likes = s.combined.likes));
    client.on('activity', (p: { items: { text?: string }[] }) =>
      chats.push(...p.items.flatMap((item) => item.text ?? [])),
    );
    await new Promise<void>((resolve) => client.once('stats', () => resolve()));
    const push = (target: RunningServer, n: number, chat?: string) =>
      api(target.url, 'POST', '/api/profiles/r/events', [
        { stream: 'tt', kind: 'like', at: Date.now(), count: n },
        ...(chat
          ? [{ stream: 'tt', kind: 'chat', at: Date.now(), text: chat, user: { id: 'u', name: 'u' } }]
          : []),
      ]);
    // Shared once B reaches A's clients through Redis: announcements go the way B's queries do.
    const isSharedWithA = async () => (await b.io.fetchSockets()).length === 1;
    const SHARED = { timeout: 15_000, interval: 200 };

    // Shared: a commit on B reaches A's client.
    await vi.waitFor(async () => expect(await isSharedWithA()).toBe(true), SHARED);
    await push(b, 1);
    await vi.waitFor(() => expect(likes).toBe(1), { timeout: 5000 });

    await redis.kill();
    // A still serves its own client; B's commits cannot reach it meanwhile.
    await push(a, 10);
    await vi.waitFor(() => expect(likes).toBe(11), { timeout: 5000 });
    expect((await push(b, 100, 'while cut off')).status).toBe(200);

    await redis.restart();
    // Back to shared by itself: B's next commit reaches A's client again.
    await vi.waitFor(async () => expect(await isSharedWithA()).toBe(true), SHARED);
    expect((await push(b, 1000, 'shared again')).status).toBe(200);
    await vi.waitFor(() => expect(chats).toContain('shared again'), { timeout: 5000 });
    expect(likes).toBe(1111);
    // What B announced while cut off never reached A's client, then or since.
    expect(chats).toEqual(['shared again']);
    client.close();
  }, 60_000);
});
