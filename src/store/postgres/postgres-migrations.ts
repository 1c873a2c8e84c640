import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inTransaction, quoteIdent, type PgClient, type PgPool } from './postgres-pool.js';

export type MigrationSet = 'system' | 'profile';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Advisory lock namespace (first key) of "migrating a schema"; the second key is the schema's hash. */
const MIGRATE_LOCK = 0x5370_0001;

/** The schema holding profiles, streams, settings and ingest keys. */
export const SYSTEM_SCHEMA = 'sp_system';

/** The numbered migrations of a set, in order (`NNNN-name.sql`). */
export function listMigrations(set: MigrationSet): Migration[] {
  const dir = path.join(MIGRATIONS_DIR, set);
  return readdirSync(dir)
    .filter((f) => /^\d{4}-.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Creates `schema` if needed and applies the set's migrations it has not recorded yet, all in one
 * transaction (PostgreSQL DDL is transactional: a failed migration leaves nothing behind). An
 * advisory lock serialises instances starting at once. Returns the names applied now.
 */
export function migrateSchema(pool: PgPool, schema: string, set: MigrationSet): Promise<string[]> {
  return inTransaction(pool, 'BEGIN', (client) => migrateSchemaIn(client, schema, set));
}

/**
 * migrateSchema inside the caller's transaction on `client`, which it leaves with `search_path`
 * set to `schema` (and holding the schema's migration lock until it ends).
 */
export async function migrateSchemaIn(
  client: PgClient,
  schema: string,
  set: MigrationSet,
): Promise<string[]> {
  const q = quoteIdent(schema);
  await client.query(
    `SELECT pg_advisory_xact_lock(${MIGRATE_LOCK}, hashtext(${quoteLiteral(schema)}));
     CREATE SCHEMA IF NOT EXISTS ${q}; SET LOCAL search_path TO ${q};
     CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`,
  );
  const done = new Set(
    (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
      (r) => r.version,
    ),
  );
  const applied: string[] = [];
  for (const m of listMigrations(set)) {
    if (done.has(m.version)) continue;
    await client.query(m.sql);
    await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
      m.version,
      m.name,
      Date.now(),
    ]);
    applied.push(m.name);
  }
  return applied;
}

/** A string literal for SQL built from trusted text (schema names); quotes doubled. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
