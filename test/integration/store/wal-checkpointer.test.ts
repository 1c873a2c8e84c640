import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { WalCheckpointer } from '../../../src/store/sqlite/wal-checkpointer.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
const opened: { close(): void }[] = [];

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
  temp.remove();
});

/** A database in WAL mode whose writer never checkpoints by itself, with `rows` rows of 1 KiB. */
function writer(name: string, rows: number): { file: string; db: Database.Database } {
  const file = path.join(temp.dir, name);
  const db = new Database(file);
  opened.push(db);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, pad TEXT NOT NULL)');
  insert(db, rows);
  return { file, db };
}

function insert(db: Database.Database, rows: number): void {
  const put = db.prepare('INSERT INTO t (pad) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i += 1) put.run('x'.repeat(1024));
  })();
}

function checkpointer(): WalCheckpointer {
  const errors: unknown[] = [];
  const c = new WalCheckpointer(60_000, (_profile, err) => errors.push(err));
  opened.push({ close: () => c.close() });
  opened.push({ close: () => expect(errors).toEqual([]) });
  return c;
}

test('copies what a writer left in the WAL into the database file while the writer stays open', () => {
  const { file, db } = writer('a.db', 2000);
  const before = statSync(file).size;
  const c = checkpointer();
  c.watch('p', [file]);

  expect(c.checkpointWritten()).toBe(1);
  expect(statSync(file).size).toBeGreaterThan(before + 2000 * 1024);
  // Every frame is in the file now: the writer's own passive checkpoint finds nothing left to copy.
  const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
  expect(row!.checkpointed).toBe(row!.log);
  expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(2000);
});

test('looks again only at files whose WAL was written since, and copies the new frames', async () => {
  const a = writer('a.db', 10);
  const b = writer('b.db', 10);
  const c = checkpointer();
  c.watch('p', [a.file, b.file]);
  expect(c.checkpointWritten()).toBe(2);
  expect(c.checkpointWritten()).toBe(0);

  // The WAL's time of writing must move past the one seen (file times are not always finer than 1 ms).
  await new Promise((resolve) => setTimeout(resolve, 20));
  insert(b.db, 500);
  expect(c.checkpointWritten()).toBe(1);
  const [outcomeA, outcomeB] = c.checkpoint('p');
  expect(outcomeA!.checkpointed).toBe(outcomeA!.log);
  expect(outcomeB!.log).toBeGreaterThan(0);
  expect(outcomeB!.checkpointed).toBe(outcomeB!.log);
});

test('on its timer, checkpoints without being asked', async () => {
  const { file } = writer('a.db', 1000);
  const before = statSync(file).size;
  const c = new WalCheckpointer(20);
  opened.push({ close: () => c.close() });
  c.watch('p', [file]);
  const deadline = Date.now() + 5000;
  while (statSync(file).size <= before && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(statSync(file).size).toBeGreaterThan(before);
});

test('unwatching closes its connections: the last one to close removes the WAL', () => {
  const { file, db } = writer('a.db', 10);
  const c = checkpointer();
  c.watch('p', [file]);
  c.unwatch('p');
  db.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
  expect(c.checkpoint('p')).toEqual([]);
});

test('a missing file is refused and leaves nothing of the profile open', () => {
  const { file, db } = writer('a.db', 10);
  const c = checkpointer();
  expect(() => c.watch('p', [file, path.join(temp.dir, 'missing.db')])).toThrow();
  expect(c.checkpoint('p')).toEqual([]);
  // Its connection to the first file was closed too.
  db.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
});
