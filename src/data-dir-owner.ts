import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import path from 'node:path';
import { ConflictError } from './core/errors.js';
import type { Logger } from './logger.js';

/** The file a running server keeps in its data directory, naming itself. */
export const OWNER_FILE = 'server.json';

/** How often a running server writes its ownership file again, marking it fresh. */
const HEARTBEAT_MS = 10_000;
/** An ownership file written on another host and not refreshed for this long is stale. */
const STALE_MS = 60_000;

/** The server that owns a data directory, as its ownership file says. */
export interface DataDirOwner {
  pid: number;
  host: string;
  /** Where it listens; null while it is still starting. */
  url: string | null;
  startedAt: number;
  version: string;
}

/** Another live server owns the data directory (code DATA_DIR_IN_USE). */
export class DataDirInUseError extends ConflictError {
  override name = 'DataDirInUseError';
  constructor(
    message: string,
    readonly owner: DataDirOwner,
  ) {
    super('DATA_DIR_IN_USE', message);
  }
}

/**
 * The live server that owns `dataDir`, or null. An ownership file is ignored (stale) when it
 * cannot be read as one, when it was written on this host by a process that is gone or before
 * the host last started, or when it was written on another host (where its pid cannot be checked)
 * and not refreshed for a minute.
 */
export function findDataDirOwner(dataDir: string, now = Date.now()): DataDirOwner | null {
  const file = path.join(dataDir, OWNER_FILE);
  let text: string;
  let markedAt: number;
  try {
    text = readFileSync(file, 'utf8');
    markedAt = statSync(file).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const owner = parseOwner(text);
  return owner && isAlive(owner, markedAt, now) ? owner : null;
}

/** "a StreamPulse server (pid 42, http://127.0.0.1:5000, started 2026-01-10T18:00:00.000Z)" */
export function describeOwner(owner: DataDirOwner): string {
  const where = owner.host === hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on host ${owner.host}`;
  const url = owner.url ?? 'still starting';
  return `a StreamPulse server (${where}, ${url}, started ${new Date(owner.startedAt).toISOString()})`;
}

/** A server's hold on its data directory: its URL once known, and its release on a clean stop. */
export interface DataDirClaim {
  setUrl(url: string): void;
  /** Removes the ownership file (if it is still this server's) and stops refreshing it. */
  release(): void;
}

/**
 * Writes this server's ownership file into `dataDir` (made if missing) and refreshes it every
 * 10 s until released. Throws DataDirInUseError when another live server owns the directory; a
 * process does not conflict with itself (servers started one after another in one process).
 */
export function claimDataDir(dataDir: string, version: string, log: Logger): DataDirClaim {
  mkdirSync(dataDir, { recursive: true });
  const owner = findDataDirOwner(dataDir);
  if (owner && !(owner.host === hostname() && owner.pid === process.pid)) {
    throw new DataDirInUseError(
      `the data directory ${dataDir} is in use by ${describeOwner(owner)}; stop that server first, or give this one another --data-dir`,
      owner,
    );
  }
  const file = path.join(dataDir, OWNER_FILE);
  const record: DataDirOwner = {
    pid: process.pid,
    host: hostname(),
    url: null,
    startedAt: Date.now(),
    version,
  };
  let written = writeOwner(file, record);
  const heartbeat = setInterval(() => {
    try {
      written = writeOwner(file, record);
    } catch (err) {
      log.warn({ err, file }, 'ownership file not refreshed');
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    setUrl(url) {
      record.url = url;
      written = writeOwner(file, record);
    },
    release() {
      clearInterval(heartbeat);
      try {
        if (readFileSync(file, 'utf8') === written) unlinkSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    },
  };
}

/** Writes the file whole (a reader never sees half of it); returns the text written. */
function writeOwner(file: string, owner: DataDirOwner): string {
  const text = `${JSON.stringify(owner)}\n`;
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
  return text;
}

function parseOwner(text: string): DataDirOwner | null {
  try {
    const value = JSON.parse(text) as Partial<DataDirOwner>;
    const isOwner =
      Number.isInteger(value.pid) &&
      value.pid! > 0 &&
      typeof value.host === 'string' &&
      typeof value.startedAt === 'number';
    return isOwner ? (value as DataDirOwner) : null;
  } catch {
    return null;
  }
}

function isAlive(owner: DataDirOwner, markedAt: number, now: number): boolean {
  if (owner.host !== hostname()) return now - markedAt < STALE_MS;
  // Written before this host last started: the pid was of an earlier boot, whatever holds it now.
  if (markedAt < now - uptime() * 1000) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
