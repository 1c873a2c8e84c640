import { statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { OptimizedPart } from '../database-care.port.js';

/**
 * Rows ANALYZE reads per index: enough for the planner, and quick on a file of any size (it
 * holds the file's write lock while it reads). https://sqlite.org/lang_analyze.html#approx
 */
const ANALYSIS_LIMIT = 400;
/** How long upkeep waits for the file's writer to finish a transaction. */
const CARE_BUSY_MS = 10_000;

/** A file's size with its WAL's: what it takes on the disk. */
export function bytesOnDisk(file: string): number {
  let bytes = 0;
  for (const name of [file, `${file}-wal`]) {
    try {
      bytes += statSync(name).size;
    } catch {
      // No WAL: nothing to count.
    }
  }
  return bytes;
}

/**
 * Refreshes the planner's statistics of the tables that need it, as SQLite recommends for
 * long-lived connections (periodically and before closing); with `vacuum`, rewrites the file
 * compactly and gives the WAL's room back. VACUUM holds the file's write lock throughout: the
 * writer's transactions wait (their busy timeout) meanwhile. `db` is a connection that runs no
 * transaction of its own; its busy timeout is left at 0.
 * https://sqlite.org/pragma.html#pragma_optimize
 */
export function careForFile(db: Database.Database, file: string, vacuum: boolean): OptimizedPart {
  const bytesBefore = bytesOnDisk(file);
  db.pragma(`busy_timeout = ${CARE_BUSY_MS}`);
  try {
    db.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
    // 0x10002: every table, not only those this connection's queries used (it runs none).
    db.pragma('optimize = 0x10002');
    if (vacuum) {
      db.exec('VACUUM');
      // In WAL mode VACUUM writes the new file into the WAL: copy it over and drop the WAL.
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  } finally {
    db.pragma('busy_timeout = 0');
  }
  return { name: path.basename(file), bytesBefore, bytesAfter: bytesOnDisk(file) };
}
