import type { ProfileStorage, StorageUsage } from '../ports.js';
import { profileSchemaName, snapshotSchemaName } from './profile-schema.js';
import { SYSTEM_SCHEMA } from './postgres-migrations.js';
import type { PgPool } from './postgres-pool.js';

/**
 * The PostgreSQL engine's room: the tables, indexes and TOAST of each schema, summed by the
 * database in one query; a profile's aggregates snapshot (retention) counts to the profile. The
 * disk is the database server's, not ours: it is not measured here.
 */
export async function measurePostgresStorage(
  pool: PgPool,
  profiles: readonly string[],
): Promise<StorageUsage> {
  const names = [SYSTEM_SCHEMA, ...profiles.flatMap((p) => [profileSchemaName(p), snapshotSchemaName(p)])];
  const { rows } = await pool.query<{ schema: string; bytes: string }>(
    `SELECT n.nspname AS schema, COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::text AS bytes
       FROM pg_namespace n
       LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'm', 'p')
      WHERE n.nspname = ANY($1::text[])
      GROUP BY n.nspname`,
    [names],
  );
  const bytesOf = new Map(rows.map((r) => [r.schema, Number(r.bytes)]));
  const bytes = (schema: string) => bytesOf.get(schema) ?? 0;
  const measured: ProfileStorage[] = profiles
    .map((profile) => ({
      profile,
      bytes: bytes(profileSchemaName(profile)) + bytes(snapshotSchemaName(profile)),
      walBytes: 0,
    }))
    .sort((a, b) => (a.profile < b.profile ? -1 : a.profile > b.profile ? 1 : 0));
  return { systemBytes: bytesOf.get(SYSTEM_SCHEMA) ?? 0, profiles: measured, disk: null };
}
