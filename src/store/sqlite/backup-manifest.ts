import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SLUG_PATTERN } from '../../core/slug.js';
import { ValidationError } from '../../core/errors.js';
import type { BackupManifest } from '../data-backup.port.js';

/** The manifest's name in a backup folder. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * The names a backup may hold, the same in the backup and in the data directory: the system
 * database and a profile's files. Anything else in a manifest (`../x`, an absolute path) is refused
 * before it becomes part of a path.
 */
const FILE_NAME = /^(system\.db|profiles\/[a-z0-9][a-z0-9_-]{0,63}\.(db|aggregates\.db|snapshot\.db))$/;

const manifestSchema = z.object({
  format: z.literal('streampulse-backup'),
  formatVersion: z.literal(1),
  version: z.string().max(100),
  createdAt: z.iso.datetime(),
  engine: z.literal('sqlite'),
  profiles: z.array(
    z.object({
      id: z.string().regex(SLUG_PATTERN),
      lastSeq: z.number().int().min(0),
      aggregatesSeq: z.number().int().min(0),
    }),
  ),
  files: z
    .array(
      z.object({
        name: z.string().regex(FILE_NAME, 'must be system.db or a profile file under profiles/'),
        bytes: z.number().int().min(0),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        migration: z.number().int().min(0),
      }),
    )
    .refine((files) => files.some((f) => f.name === 'system.db'), 'must list system.db'),
});

/** SHA-256 of a file's bytes, read as a stream (files of several GB). */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Flushes a file (or a directory's entries) to the disk. */
export function syncPath(target: string): void {
  const fd = openSync(target, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes the manifest of the backup in `dir`, synced. */
export function writeManifest(dir: string, manifest: BackupManifest): void {
  const file = path.join(dir, MANIFEST_FILE);
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  syncPath(file);
}

/**
 * Reads and checks the manifest of the backup in `dir`. Throws `BACKUP_INVALID` listing every
 * problem when it is missing, not JSON, or not a manifest this version reads.
 */
export function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'is missing: not a StreamPulse backup, or one that did not finish'
        : `cannot be read: ${(err as Error).message}`;
    throw invalidBackup(dir, [{ field: MANIFEST_FILE, message: reason }]);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw invalidBackup(
    dir,
    parsed.error.issues.map((i) => ({
      field: `${MANIFEST_FILE}: ${i.path.map(String).join('.') || '(root)'}`,
      message: i.message,
    })),
  );
}

/** A backup that cannot be restored, the problems listed (code BACKUP_INVALID). */
export function invalidBackup(dir: string, issues: { field: string; message: string }[]): ValidationError {
  return new ValidationError(
    `the backup in ${dir} cannot be restored; nothing was changed`,
    issues,
    'BACKUP_INVALID',
  );
}
