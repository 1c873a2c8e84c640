/** One file of a backup, as its manifest lists it. */
export interface BackupFile {
  /** Where it lies in the backup and in the data directory: `system.db`, `profiles/<profile>.db`... */
  name: string;
  bytes: number;
  /** SHA-256 of the file's bytes, lower-case hex. */
  sha256: string;
  /** The highest migration the file has had (its `schema_migrations`). */
  migration: number;
}

/** A profile in a backup: up to which seq of its log it holds (its backup point). */
export interface BackedUpProfile {
  id: string;
  /** The last seq of the log copied (0: an empty log, or one that had no file yet). */
  lastSeq: number;
  /** The seq the copied aggregates are written up to; never above `lastSeq`. */
  aggregatesSeq: number;
}

/** `manifest.json` of a backup: written last, so a backup without one is not complete. */
export interface BackupManifest {
  format: 'streampulse-backup';
  formatVersion: 1;
  /** The version of StreamPulse that made it. */
  version: string;
  /** When the backup began (ISO-8601): every event acknowledged before it is in the backup. */
  createdAt: string;
  engine: 'sqlite';
  profiles: BackedUpProfile[];
  files: BackupFile[];
}

/** What a restore put in place. */
export interface RestoreOutcome {
  manifest: BackupManifest;
  /** Where the data the restore replaced was moved (with `force`), or null when there was none. */
  movedAside: string | null;
}

/**
 * Whole copies of an engine's data, made while it runs and put back while it does not. The
 * embedded engine copies its files; PostgreSQL answers `BACKUP_NOT_SUPPORTED`, its own
 * tools (pg_dump, pg_restore) doing it better.
 */
export interface DataBackup {
  /**
   * Copies the system database and every profile, each file a consistent snapshot, into a new
   * folder under `parentDir` (made if missing), named by the time; resolves with its path and
   * manifest. Written under a temporary name renamed at the end: a backup that failed or was
   * interrupted never looks complete. Safe beside a running server.
   */
  backup(parentDir: string, version: string): Promise<{ dir: string; manifest: BackupManifest }>;
  /**
   * Puts a backup made by `backup` in place of the engine's data. Checks every file against the
   * manifest before anything is replaced (throws `BACKUP_INVALID` naming the files that differ);
   * refuses a target that holds data (`DATA_DIR_NOT_EMPTY`) unless `force`, which moves that data
   * aside, never deleting it. The caller must make sure no server uses the data, and opens every
   * profile after (migrations, aggregates folded forward from their watermark).
   */
  restore(fromDir: string, options: { force: boolean }): Promise<RestoreOutcome>;
}
