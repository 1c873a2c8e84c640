import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { LiveEvent } from '../../../src/core/live-event.js';
import { SqliteEngine, type SqliteEngineOptions } from '../../../src/store/sqlite/sqlite-engine.js';
import { listMigrations } from '../../../src/store/sqlite/sqlite-database.js';
import { startModuleWorker } from '../../../src/store/sqlite/worker-client.js';
import { ev, T0, user } from '../../support/events.js';
import { makeTempDir } from '../../support/temp-dir.js';

const GAP = 5 * 60_000;
const MIN = 60_000;
let temp: ReturnType<typeof makeTempDir>;
const engines: SqliteEngine[] = [];

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  temp.remove();
});

async function engineWith(options: Partial<SqliteEngineOptions> = {}): Promise<SqliteEngine> {
  const engine = new SqliteEngine({
    dataDir: temp.dir,
    sync: 'normal',
    cacheMiB: 16,
    sessionGapMs: GAP,
    ...options,
  });
  engines.push(engine);
  for (const id of ['crashed', 'reference']) {
    if (!(await engine.system.getProfile(id))) await engine.system.createProfile({ id, name: id });
  }
  return engine;
}

/** Two streams, viewers, gifts and chat from a few users, a session ended by a gap, another by stream_end. */
function batches(): LiveEvent[][] {
  const out: LiveEvent[][] = [];
  for (let b = 0; b < 12; b++) {
    const at = T0 + b * 45_000 + (b >= 6 ? GAP + MIN : 0);
    out.push([
      ev({ kind: 'viewers', count: 100 + b * 7, at, id: `v${b}` }),
      ev({ kind: 'chat', text: 'hi', user: user(b % 3), at: at + 1000, stream: 'twitch-b', id: `c${b}` }),
      ev({
        kind: 'gift',
        count: 2,
        value: 10,
        user: user(b % 4),
        gift: { id: 'g1', name: `Rose ${b}` },
        at: at + 2000,
      }),
      ev({ kind: 'like', count: 5, user: user(b % 5), at: at - 3000, id: `l${b}` }),
      ev({ kind: 'like', count: 5, user: user(b % 5), at: at - 3000, id: `l${b}` }),
    ]);
  }
  out.push([ev({ kind: 'stream_end', at: T0 + 20 * MIN, stream: 'twitch-b' })]);
  return out;
}

/** What a second process opening the aggregate file sees in it right now. */
function onDisk(profile: string): { watermark: number; likes: number; rollupEvents: number } {
  const db = new Database(path.join(temp.dir, 'profiles', `${profile}.aggregates.db`), { readonly: true });
  try {
    const watermark = (db.prepare('SELECT seq FROM aggregate_watermark').get() as { seq: number }).seq;
    const stats = db.prepare("SELECT likes FROM stats WHERE stream = '*'").get() as
      { likes: number } | undefined;
    const rollups = db.prepare('SELECT coalesce(sum(events), 0) AS n FROM rollups').get() as { n: number };
    return { watermark, likes: stats?.likes ?? 0, rollupEvents: rollups.n };
  } finally {
    db.close();
  }
}

test('aggregates lost in a crash are folded in again from the log when the profile is opened', async () => {
  const engine = await engineWith();
  const reference = await engine.openProfile('reference');
  for (const batch of batches()) await reference.append(batch);
  await engine.close();
  engines.length = 0;

  const file = path.join(temp.dir, 'batches.json');
  writeFileSync(file, JSON.stringify(batches()));
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'test/support/append-then-die.ts', temp.dir, 'crashed', file],
    { encoding: 'utf8', timeout: 30_000 },
  );
  expect(child.signal, child.stderr).toBe('SIGKILL');
  // Nothing of the aggregates was written before the process died.
  expect(onDisk('crashed')).toEqual({ watermark: 0, likes: 0, rollupEvents: 0 });

  const restarted = await engineWith();
  const reopened = await restarted.openProfile('crashed');
  const expected = await restarted.openProfile('reference');
  expect(await reopened.getStats()).toEqual(await expected.getStats());
  expect(await reopened.dumpAggregates()).toEqual(await expected.dumpAggregates());
  expect(onDisk('crashed').watermark).toBe((await reopened.listEvents(0, 1000)).at(-1)!.seq);
});

test('aggregates are written once enough events are pending, and after the flush delay without any read', async () => {
  const engine = await engineWith({ aggregateFlushMs: 1000, aggregateFlushEvents: 20 });
  const store = await engine.openProfile('crashed');
  await store.append([ev({ kind: 'like', count: 3 })]);
  expect(onDisk('crashed')).toMatchObject({ watermark: 0, likes: 0 });
  await expect
    .poll(() => onDisk('crashed'), { timeout: 3000 })
    .toEqual({ watermark: 1, likes: 3, rollupEvents: 1 });

  const likes = Array.from({ length: 25 }, (_, i) => ev({ kind: 'like', count: 1, at: T0 + i }));
  await store.append(likes);
  // Past the 20 events: written at once, well before the delay.
  await expect
    .poll(() => onDisk('crashed'), { timeout: 500 })
    .toEqual({ watermark: 26, likes: 28, rollupEvents: 26 });
});

test('while the aggregates are being read, they are written after fewer events', async () => {
  const engine = await engineWith({
    aggregateFlushMs: 60_000,
    aggregateFlushEvents: 1_000_000,
    aggregateReadFlushEvents: 20,
  });
  const store = await engine.openProfile('crashed');
  const likes = (n: number, from: number) =>
    Array.from({ length: n }, (_, i) => ev({ kind: 'like', count: 1, at: T0 + from + i }));
  // Nobody reads yet: 25 events stay pending.
  await store.append(likes(25, 0));
  await store.append(likes(1, 100));
  expect(onDisk('crashed').watermark).toBe(0);

  // A read writes them, and from then on 20 pending events are enough.
  await store.listSessions({ limit: 1 });
  expect(onDisk('crashed').watermark).toBe(26);
  await store.append(likes(10, 200));
  await store.append(likes(1, 300));
  await expect.poll(() => onDisk('crashed').watermark, { timeout: 500 }).toBe(26);
  await store.append(likes(10, 400));
  await expect
    .poll(() => onDisk('crashed'), { timeout: 2000 })
    .toEqual({ watermark: 47, likes: 47, rollupEvents: 47 });
});

test('a read of rows the pending aggregates leave alone answers without writing them, one of rows they change writes them first', async () => {
  const engine = await engineWith({ aggregateFlushMs: 60_000, aggregateFlushEvents: 1_000_000 });
  const store = await engine.openProfile('crashed');
  const rose = { id: 'rose', name: 'Rose' };
  const finished = [
    ev({ stream: 'tiktok-a', kind: 'stream_start', at: T0 }),
    ev({ stream: 'tiktok-a', kind: 'chat', text: 'hi', user: user(1), at: T0 + MIN }),
    ev({ stream: 'tiktok-a', kind: 'gift', value: 5, gift: rose, user: user(2), at: T0 + 2 * MIN }),
    ev({ stream: 'tiktok-a', kind: 'stream_end', at: T0 + 3 * MIN }),
  ];
  await store.append(finished);
  const [first] = await store.listSessions({ limit: 1 });
  // Another broadcast is live: its events stay pending.
  const later = T0 + 3 * 3_600_000;
  await store.append([
    ev({ stream: 'twitch-b', kind: 'stream_start', at: later }),
    ev({ stream: 'twitch-b', kind: 'chat', text: 'yo', user: user(1), at: later + MIN }),
    ev({ stream: 'twitch-b', kind: 'gift', value: 9, gift: rose, user: user(3), at: later + 2 * MIN }),
  ]);
  const watermark = onDisk('crashed').watermark;
  const around = { from: T0 - MIN, to: T0 + 10 * MIN };
  const untouched = async () => [
    await store.getSession(first!.id),
    await store.listRollups(around),
    await store.rollupColumns({ ...around, fields: ['viewers_last', 'comments', 'coins'] }),
    await store.listQuarterRollups(around),
    await store.leaderboard({ metric: 'coins', scope: { session: first!.id }, limit: 10 }),
    await store.leaderboard({ metric: 'comments', scope: around, limit: 10 }),
  ];
  const before = await untouched();
  expect(onDisk('crashed').watermark).toBe(watermark);
  // What changes with the live broadcast is written before it is read.
  const [live] = await store.listSessions({ limit: 1 });
  expect(live).toMatchObject({ stream: 'twitch-b', unique_viewers: 2, unique_chatters: 1 });
  expect(onDisk('crashed').watermark).toBe(watermark + 3);
  // The reads left alone answered as they do with everything written.
  expect(await untouched()).toEqual(before);
  expect(before[0]).toMatchObject({ id: first!.id, unique_viewers: 2, unique_chatters: 1 });
});

test('activity totals add what is pending to what is written, without writing it', async () => {
  const engine = await engineWith({ aggregateFlushMs: 60_000, aggregateFlushEvents: 1_000_000 });
  const store = await engine.openProfile('crashed');
  const all = batches();
  for (const batch of all.slice(0, 7)) await store.append(batch);
  await store.flush();
  for (const batch of all.slice(7)) await store.append(batch);
  const queries = [
    {},
    { stream: 'twitch-b' },
    { since: T0 + 5 * MIN },
    { since: T0 + 5 * MIN, stream: 'tiktok-a' },
  ];
  const pending = await Promise.all(queries.map((q) => store.activityTotals(q)));
  const watermark = onDisk('crashed').watermark;
  expect(watermark).toBeGreaterThan(0);
  await store.flush();
  expect(onDisk('crashed').watermark).toBeGreaterThan(watermark);
  const written = await Promise.all(queries.map((q) => store.activityTotals(q)));
  expect(pending).toEqual(written);
  expect(written[0]!.coins).toBe(120);
  expect(written[1]!.comments).toBe(12);
});

test('a batch that fails at commit, after it was folded in memory, leaves the aggregates of the others exact', async () => {
  const engine = await engineWith({ aggregateFlushMs: 60_000, aggregateFlushEvents: 1_000_000 });
  const failing = await engine.openProfile('crashed');
  const reference = await engine.openProfile('reference');
  const [a, b, c] = [batches().slice(0, 4).flat(), batches().slice(4, 8).flat(), batches().slice(8).flat()];
  await failing.append(a);
  await reference.append(a);
  // A deferred foreign key fails only at COMMIT, after the batch was folded.
  const other = new Database(path.join(temp.dir, 'profiles', 'crashed.db'));
  other.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
    CREATE TRIGGER boom AFTER INSERT ON events WHEN new.text = 'boom' BEGIN INSERT INTO child VALUES (42); END;`);
  other.close();
  await expect(failing.append([...b, ev({ kind: 'chat', text: 'boom', user: user(9) })])).rejects.toThrow(
    /FOREIGN KEY/,
  );
  await failing.append(c);
  await reference.append(c);
  expect(await failing.getStats()).toEqual(await reference.getStats());
  // The rolled-back batch's sequence numbers are taken again, so even those match.
  expect(await failing.dumpAggregates()).toEqual(await reference.dumpAggregates());
});

for (const thread of ['log', 'aggregates'] as const) {
  test(`when the ${thread} thread dies, a new one takes over from the files and the aggregates stay exact`, async () => {
    const threads = new Map<string, Worker>();
    const engine = await engineWith({
      aggregateFlushMs: 60_000,
      aggregateFlushEvents: 1_000_000,
      startThread: (name) => {
        const worker = startModuleWorker(name);
        threads.set(name, worker);
        return worker;
      },
    });
    const store = await engine.openProfile('crashed');
    const reference = await engine.openProfile('reference');
    const all = batches();
    for (const batch of all.slice(0, 6)) {
      await store.append(batch);
      await reference.append(batch);
    }
    // Kill the thread with what it holds in memory, as an out-of-memory or a native crash would.
    await threads.get(`sqlite-${thread}-worker`)!.terminate();
    for (const batch of all.slice(6)) {
      await store.append(batch);
      await reference.append(batch);
    }
    expect(await store.dumpAggregates()).toEqual(await reference.dumpAggregates());
    expect(await store.getStats()).toEqual(await reference.getStats());
  });
}

test('the checkpoint thread copies both files of an open profile while it is written, and a new one takes over if it dies', async () => {
  const threads = new Map<string, Worker>();
  const engine = await engineWith({
    startThread: (name) => {
      const worker = startModuleWorker(name);
      threads.set(name, worker);
      return worker;
    },
  });
  const store = await engine.openProfile('crashed');
  for (const batch of batches()) await store.append(batch);
  await store.flush();
  const copied = await engine.checkpoint('crashed');
  expect(copied).toHaveLength(2);
  for (const outcome of copied) {
    expect(outcome.log).toBeGreaterThan(0);
    expect(outcome.checkpointed).toBe(outcome.log);
  }

  await threads.get('sqlite-checkpoint-worker')!.terminate();
  await store.append([ev({ kind: 'chat', text: 'after', user: user(1), at: T0 + 30 * MIN })]);
  await store.flush();
  // The new thread watches the profile's files again before it answers.
  const again = await engine.checkpoint('crashed');
  expect(again).toHaveLength(2);
  for (const outcome of again) expect(outcome.checkpointed).toBe(outcome.log);
  expect(await engine.checkpoint('not-open')).toEqual([]);
});

test('a profile file of the earlier layout (aggregates beside the log) gets its aggregates rebuilt from the log on first open', async () => {
  // The earlier layout: the log and its aggregates in one file (profile migrations up to 0004).
  const engine = await engineWith();
  await engine.close();
  engines.length = 0;
  const file = path.join(temp.dir, 'profiles', 'crashed.db');
  const old = new Database(file);
  old.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  for (const m of listMigrations('profile').filter((m) => m.version <= 4)) {
    old.exec(m.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
  }
  const insert = old.prepare(
    'INSERT INTO events (stream, kind, at, source_id, user_id, user_name, count, value, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (let i = 0; i < 30; i++)
    insert.run(
      'tiktok-a',
      i % 2 ? 'like' : 'chat',
      T0 + i * 1000,
      `e${i}`,
      `u${i % 4}`,
      `user${i % 4}`,
      2,
      0,
      i % 2 ? null : 'hi',
    );
  old.close();

  const upgraded = await engineWith();
  const store = await upgraded.openProfile('crashed');
  const { combined } = await store.getStats();
  expect(combined).toMatchObject({ likes: 30, comments: 30 });
  const [session] = await store.listSessions({ limit: 5 });
  expect(session).toMatchObject({ events: 30, unique_viewers: 4 });
  // The log file no longer holds aggregate tables; a repeat of a stored event is still ignored.
  const log = new Database(file, { readonly: true });
  expect(log.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'session_viewers'").get()).toEqual(
    { n: 0 },
  );
  log.close();
  expect((await store.append([ev({ kind: 'like', id: 'e1', at: T0 + 1000 })])).duplicates).toBe(1);
});
