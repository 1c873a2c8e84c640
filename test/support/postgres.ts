import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The server the PostgreSQL tests run against: `STREAMPULSE_TEST_DATABASE_URL`, or a local server
 * with trust authentication. Each test file gets a database of its own on it.
 */
export const TEST_SERVER_URL =
  process.env.STREAMPULSE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The same server URL with another database name. */
export function databaseUrl(database: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops every schema the engine created (system, profiles, their snapshots): as fresh as a new database. */
  reset(): Promise<void>;
  /** Drops the database (closing whatever connections are left). */
  drop(): Promise<void>;
}

/** Creates `sp_test_<random>` on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `sp_test_${randomBytes(6).toString('hex')}`;
  await onServer((c) => c.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(name);
  return {
    name,
    url,
    async reset() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ nspname: string }>(
          "SELECT nspname FROM pg_namespace WHERE nspname = 'sp_system' OR nspname LIKE 'p\\_%' OR nspname LIKE 's\\_%'",
        );
        for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
      } finally {
        await client.end();
      }
    },
    async drop() {
      await onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
