import { toStoreError, type PgPool } from './postgres-pool.js';

/** Runs a query on the system schema once it is migrated: its rows, or a store error (see toStoreError). */
export type SystemRows = <R extends object = Record<string, unknown>>(
  text: string,
  values?: unknown[],
) => Promise<R[]>;

/** The query function the system-side stores share: waits for `ready` (the migration), maps errors. */
export function systemRows(pool: PgPool, ready: () => Promise<void>): SystemRows {
  return async <R extends object>(text: string, values: unknown[] = []) => {
    await ready();
    try {
      return (await pool.query<R>(text, values)).rows;
    } catch (err) {
      throw toStoreError(err);
    }
  };
}
