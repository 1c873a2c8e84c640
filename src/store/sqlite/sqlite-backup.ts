import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import { isSlug } from '../../core/slug.js';
import type {
  BackedUpProfile,
  BackupFile,
  BackupManifest,
  DataBackup,
  RestoreOutcome,
} from '../data-backup.port.js';
import { hashFile, syncPath, writeManifest } from './backup-manifest.js';
import { restoreSqliteBackup } from './sqlite-restore.js';
import { aggregatesFileOf, snapshotFileOf } from './profile-files.js';

/**
 * Pages per step of SQLite's online backup: all of them. A step reads in one read transaction,
 * a consistent snapshot beside the writer (WAL); smaller steps let go between them, and a backup
 * restarts whenever another connection wrote meanwhile, which under ingest is always.
 */
const ALL_PAGES = 0x7fffffff;

/**
 * A profile's files in the order they are copied (named as in profile-files.ts): the
 * aggregates before the log, so their watermark is never ahead of the log copied (they are folded
 * forward when opened); the retention snapshot after it, so whatever retention deleted from the
 * log copied is in the snapshot copied (retention folds events into it before deleting them).
 */
const profileFiles = (id: string) => {
  const log = `profiles/${id}.db`;
  return [
    { name: aggregatesFileOf(log), role: 'aggregates' },
    { name: log, role: 'log' },
    { name: snapshotFileOf(log), role: 'snapshot' },
  ] as const;
};

/** What a copied file says about itself. */
interface CopiedFile {
  entry: BackupFile;
  /** The log's last seq, or the aggregates' watermark; 0 for other files. */
  seq: number;
}

/**
 * Backups of the embedded engine's data directory, from connections of their own that only read:
 * each file is copied by SQLite's online backup in one read transaction, so a server may go on
 * ingesting in another process meanwhile (WAL readers and the writer do not wait for each other).
 * The system database is copied first: a profile created after it is not in the backup.
 */
export class SqliteDataBackup implements DataBackup {
  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async backup(parentDir: string, version: string): Promise<{ dir: string; manifest: BackupManifest }> {
    const systemFile = path.join(this.dataDir, 'system.db');
    if (!existsSync(systemFile)) {
      throw new NotFoundError(
        'NOTHING_TO_BACK_UP',
        `there is no system.db in ${this.dataDir}: nothing to back up`,
      );
    }
    const began = this.now();
    const name = `streampulse-${began.toISOString().replace(/[:.]/g, '-')}`;
    const dir = path.join(parentDir, name);
    if (existsSync(dir)) throw new ConflictError('BACKUP_EXISTS', `${dir} exists already`);
    const temp = path.join(parentDir, `.${name}.partial`);
    mkdirSync(path.join(temp, 'profiles'), { recursive: true });
    try {
      const system = await this.copy('system.db', temp, 'system');
      const files = [system!.entry];
      const profiles: BackedUpProfile[] = [];
      for (const id of listProfiles(path.join(temp, 'system.db'))) {
        profiles.push(await this.copyProfile(id, temp, files));
      }
      syncPath(path.join(temp, 'profiles'));
      const manifest: BackupManifest = {
        format: 'streampulse-backup',
        formatVersion: 1,
        version,
        createdAt: began.toISOString(),
        engine: 'sqlite',
        profiles,
        files,
      };
      writeManifest(temp, manifest);
      syncPath(temp);
      renameSync(temp, dir);
      syncPath(parentDir);
      return { dir, manifest };
    } catch (err) {
      rmSync(temp, { recursive: true, force: true });
      throw err;
    }
  }

  restore(fromDir: string, options: { force: boolean }): Promise<RestoreOutcome> {
    return restoreSqliteBackup(this.dataDir, fromDir, { ...options, now: this.now });
  }

  /** Copies a profile's files that exist; one without a log (never opened, or deleted meanwhile) has none. */
  private async copyProfile(id: string, temp: string, files: BackupFile[]): Promise<BackedUpProfile> {
    const copied = new Map<string, CopiedFile>();
    for (const { name, role } of profileFiles(id)) {
      const file = await this.copy(name, temp, role);
      if (file) copied.set(role, file);
    }
    // Aggregates without their log would be started over anyway: leave them out.
    if (!copied.has('log')) {
      for (const file of copied.values()) rmSync(path.join(temp, file.entry.name), { force: true });
      return { id, lastSeq: 0, aggregatesSeq: 0 };
    }
    files.push(...[...copied.values()].map((f) => f.entry));
    return { id, lastSeq: copied.get('log')!.seq, aggregatesSeq: copied.get('aggregates')?.seq ?? 0 };
  }

  /** Copies one file of the data directory into `temp` under the same name; null when it does not exist. */
  private async copy(name: string, temp: string, role: FileRole): Promise<CopiedFile | null> {
    const source = path.join(this.dataDir, name);
    const target = path.join(temp, name);
    let db: Database.Database;
    try {
      db = new Database(source, { fileMustExist: true });
    } catch (err) {
      if (!existsSync(source)) return null;
      throw err;
    }
    try {
      db.pragma('busy_timeout = 5000');
      await db.backup(target, { progress: () => ALL_PAGES });
    } finally {
      db.close();
    }
    const facts = readFacts(target, role);
    syncPath(target);
    const entry = {
      name,
      bytes: statSync(target).size,
      sha256: await hashFile(target),
      migration: facts.migration,
    };
    return { entry, seq: facts.seq };
  }
}

type FileRole = 'system' | ReturnType<typeof profileFiles>[number]['role'];

const SEQ_SQL: Record<FileRole, string | null> = {
  system: null,
  snapshot: null,
  log: 'SELECT coalesce(max(seq), 0) FROM events',
  aggregates: 'SELECT seq FROM aggregate_watermark WHERE id = 1',
};

/** The migration a copy is at and its seq (see CopiedFile), read from the copy itself. */
function readFacts(file: string, role: FileRole): { migration: number; seq: number } {
  const db = new Database(file, { fileMustExist: true });
  try {
    const migration = db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get();
    const sql = SEQ_SQL[role];
    const seq = sql ? db.prepare(sql).pluck().get() : 0;
    return { migration: Number(migration), seq: Number(seq ?? 0) };
  } finally {
    db.close();
  }
}

/** The profiles of a copied system database (ids that are not slugs never name a file). */
function listProfiles(systemCopy: string): string[] {
  const db = new Database(systemCopy, { fileMustExist: true });
  try {
    const ids = db.prepare('SELECT id FROM profiles ORDER BY id').pluck().all() as string[];
    return ids.filter(isSlug);
  } finally {
    db.close();
  }
}
