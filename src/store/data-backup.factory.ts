import type { DataBackup } from './data-backup.port.js';
import { PostgresDataBackup } from './postgres/postgres-data-backup.js';
import { SqliteDataBackup } from './sqlite/sqlite-backup.js';

/**
 * Backups of the engine chosen as createStoreEngine chooses it: PostgreSQL's (refused: its own
 * tools do it) when a database URL is set, else the embedded engine's files in `dataDir`. Opens
 * nothing until asked.
 */
export function createDataBackup(options: { database: { url: string } | null; dataDir: string }): DataBackup {
  return options.database ? new PostgresDataBackup() : new SqliteDataBackup(options.dataDir);
}
