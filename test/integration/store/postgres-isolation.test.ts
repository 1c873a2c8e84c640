import { afterAll, beforeAll, expect, test } from 'vitest';
import pg from 'pg';
import { PostgresEngine } from '../../../src/store/postgres/postgres-engine.js';
import { createPool, type PgPool } from '../../../src/store/postgres/postgres-pool.js';
import { ProfileSchema, profileSchemaName } from '../../../src/store/postgres/profile-schema.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { ev, T0 } from '../../support/events.js';

// Profile isolation on PostgreSQL (docs/adr/0005-postgres-profile-isolation.md): each profile's
// tables live in a schema of their own, and the store reaches them only through a transaction
// whose search_path is that schema alone. No query carries a profile filter that could be forgotten.

let db: TestDatabase;
let engine: PostgresEngine;
let pool: PgPool;

const count = (schema: ProfileSchema) =>
  schema.read(async (c) => (await c.query<{ n: number }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

beforeAll(async () => {
  db = await createTestDatabase();
  engine = await PostgresEngine.open({ url: db.url, poolSize: 4, sessionGapMs: 300_000 });
  for (const id of ['alpha', 'beta-2']) await engine.system.createProfile({ id, name: id });
  const alpha = await engine.openProfile('alpha');
  const beta = await engine.openProfile('beta-2');
  await alpha.append([1, 2, 3].map((i) => ev({ kind: 'like', count: i, at: T0 + i })));
  await beta.append([1, 2, 3, 4, 5].map((i) => ev({ kind: 'like', count: 10 * i, at: T0 + i })));
  pool = createPool(db.url, 2);
});

afterAll(async () => {
  await pool.end();
  await engine.close();
  await db.drop();
});

test("an unfiltered query through one profile's path counts only that profile's rows", async () => {
  expect(await count(new ProfileSchema(pool, 'alpha'))).toBe(3);
  expect(await count(new ProfileSchema(pool, 'beta-2'))).toBe(5);
  const sums = await new ProfileSchema(pool, 'alpha').read(
    async (c) =>
      (await c.query<{ likes: number }>("SELECT likes FROM stats WHERE stream = '*'")).rows[0]!.likes,
  );
  expect(sums).toBe(6);
});

test("a DELETE without any WHERE through one profile's path leaves the other profile untouched", async () => {
  const alpha = new ProfileSchema(pool, 'alpha');
  const deleted = await alpha.write(async (c) => (await c.query('DELETE FROM events')).rowCount);
  expect(deleted).toBe(3);
  expect(await count(alpha)).toBe(0);
  expect(await count(new ProfileSchema(pool, 'beta-2'))).toBe(5);
  expect(await (await engine.openProfile('beta-2')).listEvents(0, 100)).toHaveLength(5);
});

test("a profile's path cannot name the system tables, and a connection outside any profile names no table at all", async () => {
  const alpha = new ProfileSchema(pool, 'alpha');
  await expect(alpha.read((c) => c.query('SELECT * FROM profiles'))).rejects.toMatchObject({ code: '42P01' });
  // Pool connections start with search_path = pg_catalog: unscoped SQL fails instead of guessing.
  await expect(pool.query('SELECT count(*) FROM events')).rejects.toMatchObject({ code: '42P01' });
});

test('every profile gets its own schema, also for ids that are not valid bare identifiers or too long', async () => {
  const long = 'x'.repeat(64);
  const similar = `${'x'.repeat(63)}y`;
  expect(profileSchemaName('beta-2')).toBe('p_beta-2');
  expect(profileSchemaName(long)).toHaveLength(63);
  expect(profileSchemaName(long)).not.toBe(profileSchemaName(similar));
  expect(() => profileSchemaName('a"; DROP SCHEMA sp_system; --')).toThrow(/not a slug/);
  await engine.system.createProfile({ id: long, name: 'long' });
  await (await engine.openProfile(long)).append([ev({ kind: 'like' })]);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'p\\_%' ORDER BY nspname",
    );
    expect(rows.map((r) => r.nspname)).toEqual(['p_alpha', 'p_beta-2', profileSchemaName(long)].sort());
  } finally {
    await client.end();
  }
});
