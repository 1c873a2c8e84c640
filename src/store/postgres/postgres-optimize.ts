import type { OptimizeOutcome } from '../database-care.port.js';
import { profileSchemaName } from './profile-schema.js';
import { quoteIdent, type PgPool } from './postgres-pool.js';

/**
 * `ANALYZE` of every table of a profile's schema, and with `vacuum` a plain `VACUUM (ANALYZE)`
 * (which gives dead rows' room back for reuse without locking out writes, unlike VACUUM FULL).
 * Autovacuum does both by itself; this is the same on demand. The profile must exist (its
 * schema is migrated).
 */
export async function optimizePostgresProfile(
  pool: PgPool,
  profile: string,
  vacuum: boolean,
): Promise<OptimizeOutcome> {
  const schema = profileSchemaName(profile);
  const bytesBefore = await schemaBytes(pool, schema);
  const { rows } = await pool.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`,
    [schema],
  );
  for (const { name } of rows) {
    const table = `${quoteIdent(schema)}.${quoteIdent(name)}`;
    // VACUUM cannot run inside a transaction: each statement on its own, as the pool runs them.
    await pool.query(vacuum ? `VACUUM (ANALYZE) ${table}` : `ANALYZE ${table}`);
  }
  const bytesAfter = await schemaBytes(pool, schema);
  return { profile, vacuumed: vacuum, parts: [{ name: schema, bytesBefore, bytesAfter }] };
}

async function schemaBytes(pool: PgPool, schema: string): Promise<number> {
  const { rows } = await pool.query<{ bytes: string }>(
    `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::text AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'm', 'p')`,
    [schema],
  );
  return Number(rows[0]?.bytes ?? 0);
}
