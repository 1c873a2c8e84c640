import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, test } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { ApiKeyService } from '../../../src/profiles/api-key.service.js';
import { ProfileService } from '../../../src/profiles/profile.service.js';
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

/** An ingest key as the versions before API keys issued it: spk_ and 43 base64url characters. */
const OLD_KEY = 'spk_' + 'A'.repeat(43);
const OLD_HASH = createHash('sha256').update(OLD_KEY).digest('hex');
const T = Date.UTC(2026, 10, 1);

/** Checks that the ingest key stored before the migration is an `ingest` API key that still works. */
async function expectMigrated(engine: StoreEngine): Promise<void> {
  const [key] = await engine.keys.listApiKeys('ana');
  expect(key).toEqual({
    id: 'k1',
    profile: 'ana',
    name: 'obs plugin',
    hint: 'AAAA',
    scopes: ['ingest'],
    stream: null,
    expires_at: null,
    last_used_at: null,
    created_at: T,
  });
  const keys = new ApiKeyService(new ProfileService(engine), engine.keys, () => undefined);
  expect((await keys.authenticate(OLD_KEY))?.id).toBe('k1');
}

test('SQLite: the ingest keys of a system database from before API keys become ingest API keys', async () => {
  const temp = makeTempDir();
  const db = new Database(path.join(temp.dir, 'system.db'));
  db.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  for (const m of listMigrations('system').filter((m) => m.version <= 3)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, T);
  }
  db.prepare('INSERT INTO profiles (id, name, created_at) VALUES (?, ?, ?)').run('ana', 'Ana', T);
  db.prepare(
    'INSERT INTO ingest_keys (profile_id, id, name, hash, hint, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run('ana', 'k1', 'obs plugin', OLD_HASH, 'AAAA', T);
  db.close();
  const engine = new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: 60_000 });
  try {
    await expectMigrated(engine);
  } finally {
    await engine.close();
    temp.remove();
  }
});

test('PostgreSQL: the ingest keys of a system schema from before API keys become ingest API keys', async () => {
  const database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${SYSTEM_SCHEMA}; SET search_path TO ${SYSTEM_SCHEMA}`);
    await client.query(
      'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    );
    for (const m of listPgMigrations('system').filter((m) => m.version <= 1)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [m.version, m.name, T]);
    }
    await client.query('INSERT INTO profiles (id, name, created_at) VALUES ($1, $2, $3)', ['ana', 'Ana', T]);
    await client.query(
      'INSERT INTO ingest_keys (profile_id, id, name, hash, hint, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      ['ana', 'k1', 'obs plugin', OLD_HASH, 'AAAA', T],
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
