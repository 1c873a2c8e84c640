import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { LiveEvent } from '../../../src/core/live-event.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { WalCheckpointer } from '../../../src/store/sqlite/wal-checkpointer.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** WAL pages of the test engine: the least a profile gets, ~4 MB of WAL. */
const WAL_PAGES = 1000;
/** A WAL frame is a 4 KiB page and its 24-byte header. */
const WAL_BUDGET_BYTES = WAL_PAGES * (4096 + 24);
const T = Date.UTC(2026, 0, 10, 18, 0, 0);

let temp: ReturnType<typeof makeTempDir>;
let engine: SqliteEngine;

beforeEach(async () => {
  temp = makeTempDir();
  engine = open();
  await engine.system.createProfile({ id: 'p', name: 'P' });
});
afterEach(async () => {
  await engine.close();
  temp.remove();
});

function open(): SqliteEngine {
  return new SqliteEngine({
    dataDir: temp.dir,
    sync: 'normal',
    cacheMiB: 8,
    sessionGapMs: 300_000,
    walPagesBudget: WAL_PAGES,
    aggregateFlushEvents: 5000,
  });
}

let next = 0;
/** `n` more events: chats and likes of 5,000 viewers, each with its own source id. */
function events(n: number): LiveEvent[] {
  return Array.from({ length: n }, () => {
    const k = next++;
    const user = { id: `u${k % 5000}`, name: `viewer number ${k % 5000}` };
    return k % 2
      ? {
          stream: 's',
          kind: 'chat',
          at: T + k,
          id: `e${k}`,
          user,
          count: 1,
          value: 0,
          text: `message ${k} `.repeat(4),
        }
      : { stream: 's', kind: 'like', at: T + k, id: `e${k}`, user, count: 3, value: 0 };
  });
}

const walBytes = (file: string) => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

test('under continuous appends the WALs stay near their budget, shrink back after a long read, and go when the writer is quiet', async () => {
  const store = await engine.openProfile('p');
  const files = [engine.profileFile('p'), engine.aggregatesFile('p')];
  let peak = 0;
  const append = async (batches: number) => {
    for (let i = 0; i < batches; i += 1) {
      await store.append(events(2000));
      peak = Math.max(peak, ...files.map(walBytes));
    }
  };
  await append(60);
  // ~20 MB went through each WAL; neither grew past its budget and a batch.
  expect(peak).toBeLessThan(2 * WAL_BUDGET_BYTES);

  // A long read (a backup, say) holds checkpoints back: the log's WAL grows past its budget...
  const reader = new Database(files[0], { readonly: true });
  reader.exec('BEGIN');
  reader.prepare('SELECT count(*) FROM events').get();
  await append(30);
  expect(walBytes(files[0]!)).toBeGreaterThan(2 * WAL_BUDGET_BYTES);
  reader.exec('COMMIT');
  reader.close();
  // ...and goes back to it once the WAL starts over, while the appends go on.
  await append(20);
  expect(walBytes(files[0]!)).toBeLessThanOrEqual(WAL_BUDGET_BYTES + 2 * 1024 ** 2);

  // Once nothing is written any more, the checkpoint thread truncates both WALs.
  await store.flush();
  await vi.waitFor(() => expect(files.map(walBytes)).toEqual([0, 0]), { timeout: 15_000, interval: 100 });
}, 120_000);

test('optimize refreshes statistics, and with vacuum gives deleted room back with the data intact', async () => {
  let store = await engine.openProfile('p');
  for (let i = 0; i < 20; i += 1) await store.append(events(2000));
  await engine.close();
  // The oldest events deleted behind the engine's back (as retention does; the aggregates keep them).
  const raw = new Database(engine.profileFile('p'));
  raw.prepare('DELETE FROM events WHERE seq <= 35000').run();
  raw.close();
  engine = open();
  store = await engine.openProfile('p');
  const aggregates = await store.dumpAggregates();
  const kept = await store.listEvents(0, 10_000);
  expect(kept.map((e) => e.seq)).toEqual(Array.from({ length: 5000 }, (_, i) => 35_001 + i));

  const plain = await engine.optimize('p', { vacuum: false });
  expect(plain.parts.map((p) => p.name)).toEqual(['p.db', 'p.aggregates.db']);
  const stats = new Database(engine.profileFile('p'), { readonly: true });
  expect(
    stats.prepare("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'events'").pluck().get(),
  ).toBeGreaterThan(0);
  stats.close();

  const before = statSync(engine.profileFile('p')).size;
  const vacuumed = await engine.optimize('p', { vacuum: true });
  expect(vacuumed.vacuumed).toBe(true);
  const log = vacuumed.parts[0]!;
  expect(log.bytesAfter).toBeLessThan(log.bytesBefore / 2);
  expect(statSync(engine.profileFile('p')).size).toBeLessThan(before / 2);
  expect(walBytes(engine.profileFile('p'))).toBe(0);
  expect(await store.listEvents(0, 10_000)).toEqual(kept);
  expect(await store.dumpAggregates()).toEqual(aggregates);
  // Appends go on as before.
  const { stored } = await store.append(events(10));
  expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 40_001 + i));
}, 120_000);

test('optimize of a profile that does not exist is refused', async () => {
  await expect(engine.optimize('nope', { vacuum: false })).rejects.toMatchObject({
    code: 'PROFILE_NOT_FOUND',
  });
});

test('the checkpoint thread refreshes statistics when they are due, not before', () => {
  const file = `${temp.dir}/t.db`;
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT); CREATE INDEX t_k ON t (k)');
  const put = db.prepare('INSERT INTO t (k) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 5000; i += 1) put.run(`k${i % 50}`);
  })();
  const analysed = () =>
    db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").pluck().get() as number;
  const errors: unknown[] = [];
  const checkpointer = new WalCheckpointer(60_000, (_p, err) => errors.push(err));
  try {
    checkpointer.watch('t', [file], 1000, 0);
    checkpointer.checkpointWritten(999);
    expect(analysed()).toBe(0);
    checkpointer.checkpointWritten(1000);
    expect(analysed()).toBe(1);
    expect(errors).toEqual([]);
  } finally {
    checkpointer.close();
    db.close();
  }
});
