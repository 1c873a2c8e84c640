// Three instances sharing PostgreSQL and Redis on loopback. Six streams are fed by replay
// connectors (each stream's channel is a recording on disk), live clients are spread over the
// instances, and a pusher posts batches round-robin. One instance is killed with SIGKILL mid-
// stream: its streams move to the survivors, every event (replayed or acknowledged) is stored
// exactly once, and every client keeps getting updates, reconnecting to a survivor if its own died.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { api } from '../../support/live-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../../support/redis.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { makeTempDir } from '../../support/temp-dir.js';

const STREAMS = 6;
const EVENTS_PER_STREAM = 600;
/** Recording length (event time); replayed at speed 1 it takes this long. */
const RECORDING_MS = 15_000;
const PROFILE = 'scale';

let db: TestDatabase;
let prefix: string;
let temp: ReturnType<typeof makeTempDir>;
const instances: ServerProcess[] = [];

/** A recording of one stream: chats and likes with source ids, spread over RECORDING_MS. */
function writeRecording(file: string, stream: string): void {
  const t0 = Date.now() - 60_000;
  const lines: string[] = [];
  for (let i = 0; i < EVENTS_PER_STREAM; i += 1) {
    const at = t0 + Math.floor((i * RECORDING_MS) / EVENTS_PER_STREAM);
    const user = { id: String(1000 + (i % 37)), name: `v${i % 37}` };
    lines.push(
      JSON.stringify(
        i % 2 === 0
          ? { stream, kind: 'chat', at, id: `${stream}-${i}`, user, text: `m${i}` }
          : { stream, kind: 'like', at, id: `${stream}-${i}`, user, count: 2 },
      ),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function startInstance(): Promise<ServerProcess> {
  return startServerProcess(
    {
      STREAMPULSE_DATABASE_URL: db.url,
      STREAMPULSE_REDIS_URL: TEST_REDIS_URL,
      STREAMPULSE_REDIS_PREFIX: prefix,
      STREAMPULSE_LIVE_WINDOW_MS: '100',
      STREAMPULSE_LOG_LEVEL: 'info',
      REPLAY_SPEED: '1',
    },
    30_000,
    ['test/support/replay-instance.ts'],
  );
}

async function count(sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(sql);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = uniquePrefix();
  temp = makeTempDir();
  for (let i = 0; i < 3; i += 1) instances.push(await startInstance());
});

afterAll(async () => {
  for (const p of instances) p.child.kill('SIGKILL');
  await Promise.all(instances.map((p) => p.exited));
  await deleteKeys(TEST_REDIS_URL, prefix);
  await db.drop();
  temp.remove();
});

test('survives losing one of three instances mid-stream without losing or repeating an event', async () => {
  const [a] = instances;
  expect((await api(a!.url, 'POST', '/api/profiles', { id: PROFILE, name: 'Scale' })).status).toBe(201);
  await api(a!.url, 'POST', `/api/profiles/${PROFILE}/streams`, {
    id: 'pushed',
    platform: 'custom',
    channel: 'x',
  });

  // Clients: two per instance; a client whose instance dies moves to a survivor.
  const received = new Map<Socket, number[]>();
  const clients: Socket[] = [];
  const alive = () => instances.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  for (let i = 0; i < 6; i += 1) {
    const home = instances[i % 3]!;
    const socket = io(home.url, {
      auth: { profile: PROFILE },
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: home.login.cookie },
    });
    received.set(socket, []);
    socket.on('stats', () => received.get(socket)!.push(Date.now()));
    const follow = (s: Socket) => {
      s.on('disconnect', () => {
        const survivor = alive().find((p) => p !== home);
        if (!survivor) return;
        // Reconnect to a survivor: a new connection, counted for the same client.
        const next = io(survivor.url, {
          auth: { profile: PROFILE },
          transports: ['websocket'],
          extraHeaders: { cookie: survivor.login.cookie },
        });
        next.on('stats', () => received.get(socket)!.push(Date.now()));
        clients.push(next);
      });
    };
    follow(socket);
    clients.push(socket);
  }

  // Streams fed by replays, enabled: the instances share them out through their leases.
  for (let s = 0; s < STREAMS; s += 1) {
    const stream = `rec-${s}`;
    const file = path.join(temp.dir, `${stream}.ndjson`);
    writeRecording(file, stream);
    const res = await api(a!.url, 'POST', `/api/profiles/${PROFILE}/streams`, {
      id: stream,
      platform: 'tiktok',
      channel: file,
      enabled: true,
    });
    expect(res.status).toBe(201);
  }

  // A pusher posts batches round-robin; a batch counts once acknowledged (retried elsewhere if not).
  const acknowledged = new Set<string>();
  let pushing = true;
  const pusher = (async () => {
    for (let k = 0; pushing; k += 1) {
      const batch = Array.from({ length: 20 }, (_, i) => ({
        stream: 'pushed',
        kind: 'like',
        at: Date.now(),
        id: `push-${k}-${i}`,
        count: 1,
      }));
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const target = alive()[(k + attempt) % alive().length];
        if (!target) break;
        try {
          const res = await api(target.url, 'POST', `/api/profiles/${PROFILE}/events`, batch);
          if (res.status === 200) {
            for (const e of batch) acknowledged.add(e.id);
            break;
          }
        } catch {
          // the instance died under us: try the next one
        }
      }
      // Paced: a batch every 50 ms.
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  // Wait until every stream runs somewhere (its lease names the instance's process), then kill
  // the instance running the most.
  const redis = new Redis(TEST_REDIS_URL);
  const runningOn = async (p: ServerProcess) => {
    const keys = await redis.keys(`${prefix}lease:${PROFILE}/rec-*`);
    const owners = keys.length === 0 ? [] : await redis.mget(...keys);
    return owners.filter((o) => o?.split(':')[1] === String(p.child.pid)).length;
  };
  // Any instance answers for every stream, wherever it runs.
  const liveSeenBy = async (p: ServerProcess) =>
    (
      (await (await api(p.url, 'GET', `/api/profiles/${PROFILE}/connectors`)).json()) as {
        connectors: { stream: string; state: string }[];
      }
    ).connectors.filter((c) => c.stream.startsWith('rec-') && c.state === 'live').length;
  const sum = (ns: number[]) => ns.reduce((x, y) => x + y, 0);
  const counts = await vi.waitFor(
    async () => {
      const running = await Promise.all(instances.map(runningOn));
      expect(sum(running)).toBe(STREAMS);
      return running;
    },
    { timeout: 15_000, interval: 250 },
  );
  await vi.waitFor(
    async () => expect(await Promise.all(instances.map(liveSeenBy))).toEqual([STREAMS, STREAMS, STREAMS]),
    { timeout: 15_000, interval: 250 },
  );
  const victim = instances[counts.indexOf(Math.max(...counts))]!;
  const moved = Math.max(...counts);
  const killedAt = Date.now();
  victim.child.kill('SIGKILL');
  await victim.exited;

  // Its streams move to the survivors within 10 s.
  const survivors = instances.filter((p) => p !== victim);
  await vi.waitFor(async () => expect(sum(await Promise.all(survivors.map(runningOn)))).toBe(STREAMS), {
    timeout: 12_000,
    interval: 250,
  });
  const takeoverMs = Date.now() - killedAt;
  expect(takeoverMs).toBeLessThan(10_000);

  // Every replayed event ends up stored exactly once (replays restart; source ids dedupe them).
  const expected = STREAMS * EVENTS_PER_STREAM;
  const schema = `p_${PROFILE}`;
  const replayed = `SELECT count(*) AS n FROM "${schema}".events WHERE stream LIKE 'rec-%'`;
  await vi.waitFor(async () => expect(await count(replayed)).toBeGreaterThanOrEqual(expected), {
    timeout: 45_000,
    interval: 500,
  });
  pushing = false;
  await pusher;
  expect(await count(replayed)).toBe(expected);
  expect(
    await count(`SELECT count(*) - count(DISTINCT (stream, source_id)) AS n FROM "${schema}".events`),
  ).toBe(0);
  // Every acknowledged push is stored, once.
  const ids = [...acknowledged];
  expect(ids.length).toBeGreaterThan(100);
  const pushedStored = await count(
    `SELECT count(*) AS n FROM "${schema}".events WHERE stream = 'pushed' AND source_id = ANY(ARRAY[${ids
      .map((id) => `'${id}'`)
      .join(',')}])`,
  );
  expect(pushedStored).toBe(ids.length);
  const stats = (await (await api(survivors[0]!.url, 'GET', `/api/profiles/${PROFILE}/stats`)).json()) as {
    streams: Record<string, { comments: number }>;
  };
  expect(stats.streams['rec-0']!.comments).toBe(EVENTS_PER_STREAM / 2);

  // Every client got updates after the kill (on its own instance or a survivor).
  await vi.waitFor(
    () => {
      for (const times of received.values()) expect(times.some((t) => t > killedAt + 1000)).toBe(true);
    },
    { timeout: 10_000, interval: 100 },
  );
  for (const c of clients) c.close();
  redis.disconnect();
  console.log(
    JSON.stringify({
      moved_streams: moved,
      takeover_ms: takeoverMs,
      events: expected,
      acknowledged: ids.length,
    }),
  );
}, 120_000);
