import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { ProfileStore } from '../../../src/store/ports.js';
import { PostgresEngine } from '../../../src/store/postgres/postgres-engine.js';
import { listMigrations } from '../../../src/store/postgres/postgres-migrations.js';
import { createPool, type PgPool } from '../../../src/store/postgres/postgres-pool.js';
import {
  ProfileSchema,
  profileSchemaName,
  snapshotSchemaName,
} from '../../../src/store/postgres/profile-schema.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { ev, T0 } from '../../support/events.js';

// The aggregates snapshot retention takes on PostgreSQL is a schema of its own per profile,
// `s_<profile>` (src/store/postgres/postgres-aggregate-snapshot.ts): what isolation and the
// profile's life cycle must cover besides the profile's schema.

let db: TestDatabase;
let engine: PostgresEngine;
let pool: PgPool;

const open = () => PostgresEngine.open({ url: db.url, poolSize: 4, sessionGapMs: 300_000 });

const schemasLike = async (pattern: string) =>
  (
    await pool.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 ORDER BY nspname',
      [pattern],
    )
  ).rows.map((r) => r.nspname);

const combinedLikes = (schema: string) =>
  pool
    .query<{ likes: number }>(`SELECT likes FROM "${schema}".stats WHERE stream = '*'`)
    .then((r) => r.rows[0]?.likes ?? 0);

/** Ten likes a minute apart, of 1, 2, ... 10, the first five archived and deleted by one run. */
async function retainHalf(store: ProfileStore): Promise<void> {
  await store.append(
    Array.from({ length: 10 }, (_, i) => ev({ kind: 'like', count: i + 1, at: T0 + i * 60_000 })),
  );
  const range = (await store.retentionRange(T0 + 5 * 60_000))!;
  const run = await store.beginRetentionRun({
    started_at: T0,
    cutoff: T0,
    ...range,
    archive: 'events-1-5.ndjson.gz',
    archive_bytes: 1,
    archive_sha256: '0'.repeat(64),
  });
  while ((await store.advanceSnapshot(range.to_seq, 100)) < range.to_seq);
  while ((await store.deleteRetainedSlice(run.id, 100, T0)) > 0);
}

beforeAll(async () => {
  db = await createTestDatabase();
  engine = await open();
  pool = createPool(db.url, 2);
});

afterAll(async () => {
  await pool.end();
  await engine.close();
  await db.drop();
});

test("a profile's snapshot is a schema of its own, named apart from every profile's, made by its first run", async () => {
  const long = 'x'.repeat(64);
  expect(snapshotSchemaName('alpha')).toBe('s_alpha');
  expect(snapshotSchemaName(long)).toHaveLength(63);
  expect(snapshotSchemaName(long)).not.toBe(profileSchemaName(long));
  expect(snapshotSchemaName(long)).not.toBe(snapshotSchemaName(`${'x'.repeat(63)}y`));

  for (const id of ['alpha', 'beta']) await engine.system.createProfile({ id, name: id });
  const alpha = await engine.openProfile('alpha');
  await (await engine.openProfile('beta')).append([ev({ kind: 'like', count: 100 })]);
  expect(await schemasLike('s\\_%')).toEqual([]);
  await retainHalf(alpha);

  expect(await schemasLike('s\\_%')).toEqual(['s_alpha']);
  // The snapshot holds what the deleted events counted; the profile's tables still hold everything.
  expect(await combinedLikes('s_alpha')).toBe(1 + 2 + 3 + 4 + 5);
  expect(await combinedLikes('p_alpha')).toBe(55);
  const throughPath = (profile: string) =>
    new ProfileSchema(pool, profile).read(
      async (c) =>
        (await c.query<{ likes: number }>("SELECT likes FROM stats WHERE stream = '*'")).rows[0]!.likes,
    );
  expect(await throughPath('alpha')).toBe(55);
  expect(await throughPath('beta')).toBe(100);
  expect(await (await engine.openProfile('beta')).snapshotSeq()).toBe(0);
});

test("dropping a profile drops its snapshot schema with it, and another profile's stays", async () => {
  await engine.system.createProfile({ id: 'gamma', name: 'gamma' });
  await retainHalf(await engine.openProfile('gamma'));
  expect(await schemasLike('s\\_%')).toEqual(['s_alpha', 's_gamma']);

  await engine.dropProfile('gamma');
  expect(await schemasLike('s\\_%')).toEqual(['s_alpha']);
  expect(await schemasLike('p\\_gamma')).toEqual([]);
  expect(await combinedLikes('s_alpha')).toBe(15);
});

test('a snapshot schema gets the profile migrations it lacks when its profile is opened', async () => {
  const latest = listMigrations('profile').at(-1)!;
  // The snapshot as an older server left it: without the latest migration.
  await pool.query(`DELETE FROM s_alpha.schema_migrations WHERE version = $1`, [latest.version]);
  await pool.query('DROP TABLE s_alpha.obs_health, s_alpha.obs_recordings');
  await engine.close();
  engine = await open();

  const alpha = await engine.openProfile('alpha');
  const versions = await pool.query<{ version: number }>(
    'SELECT max(version) AS version FROM s_alpha.schema_migrations',
  );
  expect(versions.rows[0]!.version).toBe(latest.version);
  expect((await pool.query('SELECT seq FROM s_alpha.retention_snapshot')).rows).toEqual([{ seq: 0 }]);
  const obs = await pool.query('SELECT count(*)::int AS n FROM s_alpha.obs_recordings');
  expect(obs.rows).toEqual([{ n: 0 }]);
  // Still the snapshot it was: a rebuild from it gives the same aggregates.
  const dump = await alpha.dumpAggregates();
  await alpha.rebuild();
  expect(await alpha.dumpAggregates()).toEqual(dump);
});

test('appends go on while the snapshot is locked; a rebuild waits for it', async () => {
  const alpha = await engine.openProfile('alpha');
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = new ProfileSchema(pool, 'alpha').writeSnapshot(async () => {
    locked();
    await released;
  });
  await isLocked;

  const { stored } = await alpha.append([ev({ kind: 'like', count: 1000, at: T0 + 20 * 60_000 })]);
  expect(stored).toHaveLength(1);
  let rebuilt = false;
  const rebuild = alpha.rebuild().then(() => (rebuilt = true));
  await vi.waitFor(async () => {
    const waiting = await pool.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    expect(waiting.rowCount).toBe(1);
  });
  expect(rebuilt).toBe(false);
  release();
  await Promise.all([holder, rebuild]);
  expect((await alpha.getStats()).combined.likes).toBe(1055);
});
