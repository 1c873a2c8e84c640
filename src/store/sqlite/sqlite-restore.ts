import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { ConflictError } from '../../core/errors.js';
import type { BackupManifest, RestoreOutcome } from '../data-backup.port.js';
import { hashFile, invalidBackup, readManifest, syncPath } from './backup-manifest.js';

/** Entries of a data directory that are the embedded engine's data (a WAL beside system.db too). */
const DATA_ENTRY = /^(system\.db(-wal|-shm|-journal)?|profiles)$/;

/**
 * Puts the backup in `fromDir` in place of the data in `dataDir` (see DataBackup.restore): the
 * files are checked against the manifest, copied into a folder inside `dataDir` and checked again,
 * and only then is the old data moved aside (into `replaced-<time>/`, beside the other entries
 * of the data directory) and the copies renamed into place. Files in the backup folder that the
 * manifest does not list are not restored.
 */
export async function restoreSqliteBackup(
  dataDir: string,
  fromDir: string,
  options: { force: boolean; now: () => Date },
): Promise<RestoreOutcome> {
  const manifest = readManifest(fromDir);
  await checkFiles(fromDir, manifest, fromDir);
  const existing = dataEntries(dataDir);
  const stamp = options.now().toISOString().replace(/[:.]/g, '-');
  const aside = path.join(dataDir, `replaced-${stamp}`);
  if (existing.length > 0 && !options.force) {
    throw new ConflictError(
      'DATA_DIR_NOT_EMPTY',
      `the data directory ${dataDir} already holds data (${existing.join(', ')}); nothing was changed. ` +
        `Give --force to move it aside (into ${aside}) and restore, or restore into another --data-dir.`,
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const staging = path.join(dataDir, `.restoring-${stamp}`);
  mkdirSync(path.join(staging, 'profiles'), { recursive: true });
  try {
    for (const file of manifest.files)
      copyFileSync(path.join(fromDir, file.name), path.join(staging, file.name));
    // What was read the first time is what lies in the data directory's file system now.
    await checkFiles(staging, manifest, fromDir);
    for (const file of manifest.files) syncPath(path.join(staging, file.name));
    syncPath(path.join(staging, 'profiles'));
    const movedAside = existing.length > 0 ? moveAside(dataDir, existing, aside) : null;
    renameSync(path.join(staging, 'system.db'), path.join(dataDir, 'system.db'));
    renameSync(path.join(staging, 'profiles'), path.join(dataDir, 'profiles'));
    syncPath(dataDir);
    return { manifest, movedAside };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Checks that every file the manifest lists is in `dir` with its size and SHA-256; throws
 * BACKUP_INVALID naming each one that is missing or differs (`backup` names the backup).
 */
async function checkFiles(dir: string, manifest: BackupManifest, backup: string): Promise<void> {
  const issues: { field: string; message: string }[] = [];
  for (const file of manifest.files) {
    const where = path.join(dir, file.name);
    const stat = existsSync(where) ? statSync(where) : null;
    if (!stat?.isFile()) {
      issues.push({ field: file.name, message: 'is missing' });
    } else if (stat.size !== file.bytes) {
      issues.push({ field: file.name, message: `has ${stat.size} bytes, the manifest says ${file.bytes}` });
    } else if ((await hashFile(where)) !== file.sha256) {
      issues.push({ field: file.name, message: 'differs from the manifest (SHA-256): changed or damaged' });
    }
  }
  if (issues.length > 0) throw invalidBackup(backup, issues);
}

/** The engine's entries in `dataDir` that hold something (an empty profiles/ does not). */
function dataEntries(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir)
    .filter((name) => DATA_ENTRY.test(name))
    .filter((name) => name !== 'profiles' || readdirSync(path.join(dataDir, name)).length > 0)
    .sort();
}

/** Moves the data's entries into `aside` (a stale WAL must never meet a restored file); answers it. */
function moveAside(dataDir: string, entries: readonly string[], aside: string): string {
  mkdirSync(aside);
  for (const name of entries) renameSync(path.join(dataDir, name), path.join(aside, name));
  // An empty profiles/ left behind would stand in the way of the restored one.
  if (existsSync(path.join(dataDir, 'profiles'))) rmdirSync(path.join(dataDir, 'profiles'));
  return aside;
}
