import pg from 'pg';
import { UnavailableError } from '../../core/errors.js';

export type PgPool = pg.Pool;
/** A connection inside a transaction (or any client, for the bench's raw COPY). */
export type PgClient = pg.ClientBase;

/** Where the engine reports what happens off any request (idle connections dropped). */
export interface StoreLog {
  warn(obj: object, msg: string): void;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const CONNECT_TIMEOUT_MS = 5_000;
const STORE_RETRY_AFTER_S = 5;

/**
 * bigint (epoch ms, counters) and numeric (sums of bigint) as JS numbers, so rows deep-equal the
 * SQLite engine's. Every value stored stays far below 2^53. Set on this pool only, never on pg's
 * global parsers.
 */
const toNumber = (text: string): number => Number(text);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? toNumber
      : (pg.types.getTypeParser(oid, format ?? 'text') as unknown)) as typeof pg.types.getTypeParser,
};

/**
 * A pool whose connections start with `search_path = pg_catalog`: an unqualified table name
 * resolves to nothing until a profile transaction sets its own schema (fail closed).
 */
export function createPool(url: string, poolSize: number, log?: StoreLog): PgPool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types,
    options: '-c search_path=pg_catalog',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle connection that dies (server restart, network) is dropped by the pool; without a
  // listener the 'error' event would crash the process.
  pool.on('error', (err) => log?.warn({ err }, 'postgres idle connection lost'));
  return pool;
}

/** Double-quotes an identifier (schema names come from slugs, but never trust that alone). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
]);

/** Whether an error means the database could not be reached (not that a statement was wrong). */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
    if (CONNECTION_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code)) return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    err.message,
  );
}

/** Turns "the database is unreachable" into the error the API answers with 503; others pass. */
export function toStoreError(err: unknown): Error {
  if (isConnectionError(err)) {
    return new UnavailableError(
      'STORE_UNAVAILABLE',
      'the database is unreachable; nothing was changed, retry later',
      STORE_RETRY_AFTER_S,
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Runs `fn` in one transaction on one pooled connection: `begin` (e.g. `BEGIN; SET LOCAL ...`)
 * first, COMMIT after, ROLLBACK on any error. A connection whose rollback fails is destroyed
 * rather than returned to the pool. Rejects with `toStoreError(err)`.
 */
export async function inTransaction<T>(
  pool: PgPool,
  begin: string,
  fn: (client: PgClient) => Promise<T>,
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw toStoreError(err);
  }
  // A checked-out client reports a dropped connection as an 'error' event besides failing its
  // query; unheard, the event would crash the process. The failed query is what we act on.
  let lost: Error | undefined;
  const onLost = (err: Error) => void (lost = err);
  client.on('error', onLost);
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    client.off('error', onLost);
    client.release();
    return result;
  } catch (err) {
    await (lost ? Promise.reject(lost) : client.query('ROLLBACK')).then(
      () => client.release(),
      (rollbackErr: Error) => client.release(rollbackErr),
    );
    client.off('error', onLost);
    throw toStoreError(err);
  }
}
