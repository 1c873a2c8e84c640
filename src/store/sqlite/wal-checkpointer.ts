import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

/** How often the WAL files written since the last look are checkpointed. */
export const CHECKPOINT_EVERY_MS = 1000;

/** A database file watched: a connection of its own and when its WAL was last seen written. */
interface WatchedFile {
  db: Database.Database;
  wal: string;
  seen: number;
}

/** What one checkpoint of a file did (SQLite's `wal_checkpoint` row). */
export interface CheckpointOutcome {
  /** The frames in the WAL, or -1 when it could not be read. */
  log: number;
  /** The frames now copied into the database file. */
  checkpointed: number;
}

const EMPTY: CheckpointOutcome = { log: -1, checkpointed: -1 };

/** When a file's WAL was last written (0: it has none). */
function walWritten(wal: string): number {
  try {
    return statSync(wal).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Copies the WAL of every watched file into its database file, from connections of its own
 * (ADR 0019): a passive checkpoint runs beside the file's writer and readers and waits for none,
 * so neither an append nor an analytics read ever waits for the copy and its sync. The writers
 * keep their own automatic checkpoint as a bound should this fall behind.
 */
export class WalCheckpointer {
  private readonly watched = new Map<string, WatchedFile[]>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly everyMs = CHECKPOINT_EVERY_MS,
    private readonly onError: (profile: string, err: unknown) => void = () => {},
  ) {}

  /** Watches a profile's files (existing databases in WAL mode), replacing what it had. */
  watch(profile: string, files: readonly string[]): void {
    this.unwatch(profile);
    const opened: WatchedFile[] = [];
    try {
      for (const file of files) {
        const db = new Database(file, { fileMustExist: true });
        opened.push({ db, wal: `${file}-wal`, seen: 0 });
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

  /** Closes a profile's connections (before its files are closed for good or deleted). */
  unwatch(profile: string): void {
    for (const f of this.watched.get(profile) ?? []) f.db.close();
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

  /** Checkpoints every file whose WAL was written since the last look; answers how many. */
  checkpointWritten(): number {
    let copied = 0;
    for (const [profile, files] of this.watched) {
      for (const f of files) {
        const written = walWritten(f.wal);
        if (written === f.seen) continue;
        f.seen = written;
        this.copy(profile, f);
        copied += 1;
      }
    }
    return copied;
  }

  close(): void {
    for (const profile of [...this.watched.keys()]) this.unwatch(profile);
  }

  private copy(profile: string, f: WatchedFile): CheckpointOutcome {
    try {
      const row = f.db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      return row[0] ?? EMPTY;
    } catch (err) {
      // Busy (another checkpoint is running) is a reason to try at the next look, not an error.
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') this.onError(profile, err);
      f.seen = 0;
      return EMPTY;
    }
  }
}
