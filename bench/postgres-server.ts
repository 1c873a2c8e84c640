import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server the PostgreSQL groups run against: `STREAMPULSE_BENCH_DATABASE_URL`
 * (default: a local server with trust authentication). Each group works in databases of its own,
 * made and dropped on that server.
 */
export const SERVER_URL =
  process.env.STREAMPULSE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of `database` on the bench server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs `sql` on the bench server's maintenance database; resolves with its rows. */
export function onServer<T extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  return onDatabase<T>(SERVER_URL, sql, values);
}

/** Runs `sql` in the database at `url` over a connection of its own; resolves with its rows. */
export async function onDatabase<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A database made for one run, named `<prefix><random>`, dropped by `drop`. */
export interface RunDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Makes a database for a run (a copy of `template` if given: PostgreSQL copies its files). */
export async function createRunDatabase(prefix: string, template?: string): Promise<RunDatabase> {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  return {
    name,
    url: withDatabase(SERVER_URL, name),
    drop: async () => void (await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}
