import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createLogger } from '../../src/logger.js';
import type { StoreEngine } from '../../src/store/ports.js';
import { PostgresEngine } from '../../src/store/postgres/postgres-engine.js';
import {
  listMigrations as listPgMigrations,
  SYSTEM_SCHEMA,
} from '../../src/store/postgres/postgres-migrations.js';
import { listMigrations } from '../../src/store/sqlite/sqlite-database.js';
import { SqliteEngine } from '../../src/store/sqlite/sqlite-engine.js';
import { createTestDatabase } from './postgres.js';
import { makeTempDir } from './temp-dir.js';

const APPLIED_AT = Date.UTC(2026, 10, 1);

/**
 * A system database as an older version left it (the migrations up to `version` applied, then
 * `seed` run on it), opened by today's SQLite engine, which migrates it; `check` gets the engine.
 */
export async function withOlderSqliteSystem(
  version: number,
  seed: (db: Database.Database) => void,
  check: (engine: StoreEngine) => Promise<void>,
): Promise<void> {
  const temp = makeTempDir();
  const db = new Database(path.join(temp.dir, 'system.db'));
  db.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  for (const m of listMigrations('system').filter((m) => m.version <= version)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, APPLIED_AT);
  }
  seed(db);
  db.close();
  const engine = new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: 60_000 });
  try {
    await check(engine);
  } finally {
    await engine.close();
    temp.remove();
  }
}

/** The same for a PostgreSQL system schema (its own migrations up to `version`). */
export async function withOlderPostgresSystem(
  version: number,
  seed: (client: pg.Client) => Promise<void>,
  check: (engine: StoreEngine) => Promise<void>,
): Promise<void> {
  const database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${SYSTEM_SCHEMA}; SET search_path TO ${SYSTEM_SCHEMA}`);
    await client.query(
      'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    );
    for (const m of listPgMigrations('system').filter((m) => m.version <= version)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        APPLIED_AT,
      ]);
    }
    await seed(client);
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
    await check(engine);
  } finally {
    await engine.close();
    await database.drop();
  }
}
