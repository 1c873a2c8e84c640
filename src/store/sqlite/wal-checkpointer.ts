import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { OptimizedPart } from '../database-care.port.js';
import { careForFile } from './sqlite-file-care.js';

/** How often the WAL files written since the last look are checkpointed. */
export const CHECKPOINT_EVERY_MS = 1000;

/** A database file watched: a connection of its own and when its WAL was last seen written. */
interface WatchedFile {
  file: string;
  db: Database.Database;
  wal: string;
  seen: number;
  /** Run `PRAGMA optimize` this often (ms; 0: only on demand and when unwatched). */
  optimizeEveryMs: number;
  optimizedAt: number;
}

/** What one checkpoint of a file did (SQLite's `wal_checkpoint` row). */
export interface CheckpointOutcome {
  /** The frames in the WAL, or -1 when it could not be read. */
  log: number;
  /** The frames now copied into the database file. */
  checkpointed: number;
}

const EMPTY: CheckpointOutcome = { log: -1, checkpointed: -1 };

/** When a file's WAL was last written and its size (0, 0: it has none). */
function walState(wal: string): { written: number; bytes: number } {
  try {
    const stat = statSync(wal);
    return { written: stat.mtimeMs, bytes: stat.size };
  } catch {
    return { written: 0, bytes: 0 };
  }
}

/**
 * Copies the WAL of every watched file into its database file, from connections of its own
 * (ADR 0019): a passive checkpoint runs beside the file's writer and readers and waits for none,
 * so neither an append nor an analytics read ever waits for the copy and its sync. The writers
 * keep their own automatic checkpoint as a bound should this fall behind. A WAL not written since
 * the last look (its writer is quiet) is truncated to nothing, and each file's planner statistics
 * are refreshed on a schedule and when the file is unwatched.
 */
export class WalCheckpointer {
  private readonly watched = new Map<string, WatchedFile[]>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly everyMs = CHECKPOINT_EVERY_MS,
    private readonly onError: (profile: string, err: unknown) => void = () => {},
  ) {}

  /**
   * Watches a profile's files (existing databases in WAL mode), replacing what it had; their
   * statistics are refreshed every `optimizeEveryMs` (0: never on a schedule).
   */
  watch(profile: string, files: readonly string[], optimizeEveryMs = 0, now = Date.now()): void {
    this.unwatch(profile, false);
    const opened: WatchedFile[] = [];
    try {
      for (const file of files) {
        const db = new Database(file, { fileMustExist: true });
        opened.push({ file, db, wal: `${file}-wal`, seen: 0, optimizeEveryMs, optimizedAt: now });
        // A passive checkpoint never waits for a lock; nothing here should wait for one either.
        db.pragma('busy_timeout = 0');
      }
    } catch (err) {
      for (const f of opened) f.db.close();
      throw err;
    }
    this.watched.set(profile, opened);
    this.timer ??= setInterval(() => this.checkpointWritten(), this.everyMs);
    this.timer.unref();
  }

  /**
   * Closes a profile's connections (before its files are closed for good or deleted), with
   * `optimize` after refreshing their statistics, as SQLite recommends before closing.
   */
  unwatch(profile: string, optimize = true): void {
    for (const f of this.watched.get(profile) ?? []) {
      if (optimize) this.care(profile, f, false);
      f.db.close();
    }
    this.watched.delete(profile);
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Checkpoints a profile's files now, whether or not they were written since. */
  checkpoint(profile: string): CheckpointOutcome[] {
    return (this.watched.get(profile) ?? []).map((f) => this.copy(profile, f));
  }

  /**
   * Refreshes a profile's files' statistics now; with `vacuum`, rewrites them compactly too
   * (see careForFile). None for a profile not watched.
   */
  optimize(profile: string, vacuum: boolean): OptimizedPart[] {
    return (this.watched.get(profile) ?? []).map((f) => careForFile(f.db, f.file, vacuum));
  }

  /**
   * Checkpoints every file whose WAL was written since the last look and truncates the WAL of
   * those written no more; answers how many it checkpointed. Refreshes the statistics that are due.
   */
  checkpointWritten(now = Date.now()): number {
    let copied = 0;
    for (const [profile, files] of this.watched) {
      for (const f of files) {
        const wal = walState(f.wal);
        if (wal.written !== f.seen) {
          f.seen = wal.written;
          this.copy(profile, f);
          copied += 1;
        } else if (wal.bytes > 0) {
          this.copy(profile, f, 'TRUNCATE');
          // Truncating is not a write to look at again.
          f.seen = walState(f.wal).written;
        }
        if (f.optimizeEveryMs > 0 && now - f.optimizedAt >= f.optimizeEveryMs) {
          if (this.care(profile, f, true)) f.optimizedAt = now;
        }
      }
    }
    return copied;
  }

  close(): void {
    for (const profile of [...this.watched.keys()]) this.unwatch(profile);
  }

  /**
   * A passive checkpoint; or, once the writer is quiet, a truncating one: it needs every reader
   * off the WAL and takes the write lock, so with no busy timeout it fails at once (SQLITE_BUSY,
   * tried again at the next look) rather than make anyone wait.
   */
  private copy(profile: string, f: WatchedFile, mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): CheckpointOutcome {
    try {
      const row = f.db.pragma(`wal_checkpoint(${mode})`) as {
        busy: number;
        log: number;
        checkpointed: number;
      }[];
      return row[0] ?? EMPTY;
    } catch (err) {
      // Busy (another checkpoint is running) is a reason to try at the next look, not an error.
      if (!isBusy(err)) this.onError(profile, err);
      f.seen = 0;
      return EMPTY;
    }
  }

  /** Refreshes a file's statistics; false when it must be tried again (busy, or failed and reported). */
  private care(profile: string, f: WatchedFile, retryIfBusy: boolean): boolean {
    try {
      careForFile(f.db, f.file, false);
      return true;
    } catch (err) {
      if (!(retryIfBusy && isBusy(err))) this.onError(profile, err);
      return false;
    }
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
