import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export type SqliteDatabase = Database.Database;

/** `full` syncs the WAL on every commit (durable across power loss); `normal` across crashes only. */
export type SqliteSync = 'full' | 'normal';

/** `profile` is a profile's event log; `aggregates` the tables built from it (ADR 0007). */
export type MigrationSet = 'system' | 'profile' | 'aggregates';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens a database file in WAL mode and applies any of the set's numbered migrations it has not
 * seen yet, each in its own transaction. Throws if a migration fails (the file is left at the
 * last migration that succeeded).
 */
export function openSqliteDatabase(file: string, set: MigrationSet, sync: SqliteSync): SqliteDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Checkpoint every 64 MiB of WAL: fewer, larger checkpoints cost ingest less.
  db.pragma('wal_autocheckpoint = 16384');
  limitWal(db, 16_384);
  migrate(db, set);
  return db;
}

/** Sets a database's page cache (KiB) and how many WAL pages it lets grow before a checkpoint. */
export function setPageBudget(db: SqliteDatabase, cacheKiB: number, walPages: number): void {
  db.pragma(`cache_size = -${cacheKiB}`);
  db.pragma(`wal_autocheckpoint = ${walPages}`);
  limitWal(db, walPages);
}

/**
 * Makes the WAL go back to `walPages` pages each time it starts over. A checkpoint copies the WAL
 * into the database but never shrinks it; one that grew past the budget (a long read, such as a
 * backup, held checkpoints back) would otherwise keep that size for good.
 * https://sqlite.org/pragma.html#pragma_journal_size_limit
 */
function limitWal(db: SqliteDatabase, walPages: number): void {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  // Each WAL frame is a page and a 24-byte header.
  db.pragma(`journal_size_limit = ${walPages * (pageSize + 24)}`);
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(set: MigrationSet): Migration[] {
  const dir = path.join(MIGRATIONS_DIR, set);
  return readdirSync(dir)
    .filter((f) => /^\d{4}-.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(path.join(dir, f), 'utf8') }));
}

/** Applies pending migrations; returns the names of those applied now. */
export function migrate(db: SqliteDatabase, set: MigrationSet): string[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of listMigrations(set)) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    })();
    applied.push(m.name);
  }
  return applied;
}
