import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, test } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import type { StoreEngine } from '../../../src/store/ports.js';
import { PostgresEngine } from '../../../src/store/postgres/postgres-engine.js';
import {
  listMigrations as listPgMigrations,
  SYSTEM_SCHEMA,
} from '../../../src/store/postgres/postgres-migrations.js';
import { listMigrations } from '../../../src/store/sqlite/sqlite-database.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { createTestDatabase } from '../../support/postgres.js';
import { makeTempDir } from '../../support/temp-dir.js';

const T = Date.UTC(2026, 10, 1);
const DAY = '2026-11-01';

/** Checks that a day counted before the clips column existed reads with no clips, and takes some. */
async function expectMigrated(engine: StoreEngine): Promise<void> {
  const before = { profile: 'ana', day: DAY, events: 12, bytes: 900, requests: 4, clips: 0 };
  expect(await engine.usage.listUsage('ana', DAY, DAY)).toEqual([before]);
  await engine.usage.addUsage([{ ...before, events: 1, bytes: 0, requests: 0, clips: 2 }]);
  expect(await engine.usage.listUsage('ana', DAY, DAY)).toEqual([{ ...before, events: 13, clips: 2 }]);
}

test('SQLite: a day of usage counted before clips were counted reads with no clips and takes more', async () => {
  const temp = makeTempDir();
  const db = new Database(path.join(temp.dir, 'system.db'));
  db.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  for (const m of listMigrations('system').filter((m) => m.version <= 8)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, T);
  }
  db.prepare('INSERT INTO profiles (id, name, created_at) VALUES (?, ?, ?)').run('ana', 'Ana', T);
  const usage = 'INSERT INTO usage_daily (profile_id, day, events, bytes, requests) VALUES (?, ?, ?, ?, ?)';
  db.prepare(usage).run('ana', DAY, 12, 900, 4);
  db.close();
  const engine = new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: 60_000 });
  try {
    await expectMigrated(engine);
  } finally {
    await engine.close();
    temp.remove();
  }
});

test('PostgreSQL: a day of usage counted before clips were counted reads with no clips and takes more', async () => {
  const database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${SYSTEM_SCHEMA}; SET search_path TO ${SYSTEM_SCHEMA}`);
    await client.query(
      'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    );
    for (const m of listPgMigrations('system').filter((m) => m.version <= 6)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [m.version, m.name, T]);
    }
    await client.query('INSERT INTO profiles (id, name, created_at) VALUES ($1, $2, $3)', ['ana', 'Ana', T]);
    await client.query(
      'INSERT INTO usage_daily (profile_id, day, events, bytes, requests) VALUES ($1, $2, $3, $4, $5)',
      ['ana', DAY, 12, 900, 4],
    );
  } finally {
    await client.end();
  }
  const engine = new PostgresEngine({
    url: database.url,
    poolSize: 2,
    sessionGapMs: 60_000,
    log: createLogger('silent'),
  });
  try {
    await expectMigrated(engine);
  } finally {
    await engine.close();
    await database.drop();
  }
});
