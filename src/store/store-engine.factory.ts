import type { Logger } from 'pino';
import type { StoreEngine } from './ports.js';
import { PostgresEngine } from './postgres/postgres-engine.js';
import { SqliteEngine } from './sqlite/sqlite-engine.js';
import type { SqliteSync } from './sqlite/sqlite-database.js';

export interface StoreEngineOptions {
  /** PostgreSQL when set; else the embedded engine in `dataDir`. */
  database: { url: string; poolSize: number } | null;
  dataDir: string;
  sqliteSync: SqliteSync;
  sqliteCacheMiB: number;
  /** How often the embedded engine refreshes each open profile's statistics (ms; 0: on close only). */
  sqliteOptimizeMs?: number;
  sessionGapMs: number;
}

/** The engine, chosen once from the database URL: PostgreSQL when one is set, else embedded SQLite. */
export function createStoreEngine(options: StoreEngineOptions, logger: Logger): StoreEngine {
  return options.database
    ? new PostgresEngine({
        url: options.database.url,
        poolSize: options.database.poolSize,
        sessionGapMs: options.sessionGapMs,
        log: logger.child({ module: 'store.postgres' }),
      })
    : new SqliteEngine({
        dataDir: options.dataDir,
        sync: options.sqliteSync,
        cacheMiB: options.sqliteCacheMiB,
        optimizeEveryMs: options.sqliteOptimizeMs,
        sessionGapMs: options.sessionGapMs,
        log: logger.child({ module: 'store.sqlite' }),
      });
}
