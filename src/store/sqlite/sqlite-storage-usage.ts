import { stat, statfs } from 'node:fs/promises';
import type { ProfileStorage, StorageUsage } from '../ports.js';

/** The size of a file, 0 when it does not exist (a WAL between checkpoints, a profile never opened). */
async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** A database file with its WAL: what it takes on disk, and how much of it is WAL. */
async function databaseSize(file: string): Promise<{ bytes: number; walBytes: number }> {
  const [main, wal, shm] = await Promise.all([sizeOf(file), sizeOf(`${file}-wal`), sizeOf(`${file}-shm`)]);
  return { bytes: main + wal + shm, walBytes: wal };
}

/**
 * The embedded engine's room: the system database, each profile's two files (log and
 * aggregates) with their WALs, and the disk they live on. Reads file sizes only: nothing opens a
 * database, so a profile that is not open stays closed.
 */
export async function measureSqliteStorage(input: {
  dataDir: string;
  systemFile: string;
  profiles: readonly string[];
  filesOf: (profile: string) => readonly string[];
}): Promise<StorageUsage> {
  const system = await databaseSize(input.systemFile);
  const profiles: ProfileStorage[] = [];
  for (const profile of [...input.profiles].sort()) {
    let bytes = 0;
    let walBytes = 0;
    for (const file of input.filesOf(profile)) {
      const size = await databaseSize(file);
      bytes += size.bytes;
      walBytes += size.walBytes;
    }
    profiles.push({ profile, bytes, walBytes });
  }
  const fs = await statfs(input.dataDir);
  return {
    systemBytes: system.bytes,
    profiles,
    disk: { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize },
  };
}
