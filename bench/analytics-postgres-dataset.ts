import { listMigrations } from '../src/store/postgres/postgres-migrations.js';
import { buildDataset, datasetKey, isFresh, todaysShape, type AnalyticsShape } from './analytics-dataset.js';
import { onDatabase, onServer, SERVER_URL, withDatabase } from './postgres-server.js';
import { progress } from './report.js';
import { makeTempDir } from './workers.js';

/** Databases of built data sets are named this, then the build's key. */
const PREFIX = 'sp_bench_analytics_';

/** A data set on PostgreSQL: the database holding it, to be copied (never served itself). */
export interface AnalyticsPostgresDataset extends AnalyticsShape {
  template: string;
}

function postgresMigrations(): { name: string; sql: string }[] {
  return (['system', 'profile'] as const).flatMap((set) =>
    listMigrations(set).map((m) => ({ name: `${set}/${m.name}`, sql: m.sql })),
  );
}

/**
 * The database of a profile of `events` events over the 30 days before today (UTC), built through
 * the real services on the bench PostgreSQL server, or kept from an earlier run of the same build
 * (at most 3 days old; its shape is the database's comment). One is kept per size: stale builds
 * and interrupted ones are dropped. Callers copy it (`CREATE DATABASE ... TEMPLATE`) to serve it.
 */
export async function ensureAnalyticsPostgresDataset(events: number): Promise<AnalyticsPostgresDataset> {
  const name = `${PREFIX}${datasetKey(events, postgresMigrations())}`;
  const existing = await onServer<{ datname: string; manifest: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS manifest FROM pg_database WHERE datname LIKE $1`,
    [`${PREFIX}%`],
  );
  const cached = existing.find((d) => d.datname === name && d.manifest !== null);
  if (cached) {
    const shape = JSON.parse(cached.manifest!) as AnalyticsShape;
    if (isFresh(shape)) {
      progress(`analytics-postgres: reusing the cached data set in database ${name}`);
      return { ...shape, template: name };
    }
  }
  for (const d of existing) await onServer(`DROP DATABASE IF EXISTS ${d.datname} WITH (FORCE)`);
  const building = `${PREFIX}building_${process.pid}`;
  await onServer(`CREATE DATABASE ${building}`);
  const temp = makeTempDir('streampulse-bench-analytics-pg-');
  try {
    const shape = todaysShape(events);
    const url = withDatabase(SERVER_URL, building);
    await buildDataset({ STREAMPULSE_DATA_DIR: temp.dir, STREAMPULSE_DATABASE_URL: url }, shape);
    // As autovacuum would have done by the time a month of events is read: statistics for the
    // planner and a visibility map for index-only scans.
    progress('analytics-postgres: VACUUM ANALYZE of the data set');
    await onDatabase(url, 'VACUUM (ANALYZE)');
    await onServer(`ALTER DATABASE ${building} RENAME TO ${name}`);
    await onServer(`COMMENT ON DATABASE ${name} IS '${JSON.stringify(shape)}'`);
    return { ...shape, template: name };
  } catch (err) {
    await onServer(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    throw err;
  } finally {
    temp.remove();
  }
}
