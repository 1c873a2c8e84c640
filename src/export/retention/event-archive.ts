import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { StoredEvent } from '../../core/live-event.js';

/** What an archive holds, as its writer measured it: checked again before anything is deleted. */
export interface ArchiveFacts {
  events: number;
  bytes: number;
  /** SHA-256 of the file as written (compressed), hex. */
  sha256: string;
  first_seq: number;
  last_seq: number;
}

/** A problem found when an archive is read back: nothing may be deleted on its account. */
export class ArchiveMismatch extends Error {
  override name = 'ArchiveMismatch';
}

/**
 * Writes `pages` of events to `file` as gzip-compressed NDJSON (one event per line, as the events
 * API shows it, `voided_by` included), through a temporary name renamed once the file is synced: a
 * crash never leaves a complete-looking partial archive. Honours the file stream's backpressure,
 * so memory holds one page at most.
 */
export async function writeEventArchive(
  file: string,
  pages: AsyncIterable<readonly StoredEvent[]>,
): Promise<ArchiveFacts> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const hash = createHash('sha256');
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(partial);
  let bytes = 0;
  gzip.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
  });
  gzip.pipe(out);
  let events = 0;
  let first = 0;
  let last = 0;
  try {
    for await (const page of pages) {
      if (page.length === 0) continue;
      if (events === 0) first = page[0]!.seq;
      last = page[page.length - 1]!.seq;
      events += page.length;
      const text = page.map((e) => JSON.stringify(e)).join('\n') + '\n';
      if (!gzip.write(text)) await once(gzip, 'drain');
    }
    gzip.end();
    await done;
    await syncFile(partial);
    await rename(partial, file);
    await syncFile(path.dirname(file));
  } catch (err) {
    gzip.destroy();
    out.destroy();
    await rm(partial, { force: true });
    throw err;
  }
  return { events, bytes, sha256: hash.digest('hex'), first_seq: first, last_seq: last };
}

/** What an archive must be, as recorded: its file, and the seq range its events lie in. */
export interface ArchiveExpectation {
  events: number;
  bytes: number;
  sha256: string;
  from_seq: number;
  to_seq: number;
}

/**
 * Reads an archive back whole: its size and SHA-256 must be those recorded, and, decompressed, it
 * must hold `expected.events` lines of events in increasing seq within `from_seq..to_seq`. Throws
 * ArchiveMismatch naming the first difference.
 */
export async function verifyEventArchive(file: string, expected: ArchiveExpectation): Promise<void> {
  const name = path.basename(file);
  const hash = createHash('sha256');
  let bytes = 0;
  const raw = createReadStream(file);
  raw.on('data', (chunk) => {
    const b = chunk as Buffer;
    hash.update(b);
    bytes += b.length;
  });
  const lines = createInterface({ input: raw.pipe(createGunzip()), crlfDelay: Infinity });
  let events = 0;
  let previous = expected.from_seq - 1;
  try {
    for await (const line of lines) {
      if (line.length === 0) continue;
      let seq: unknown;
      try {
        seq = (JSON.parse(line) as { seq?: unknown }).seq;
      } catch {
        throw new ArchiveMismatch(`${name}: line ${events + 1} is not JSON`);
      }
      if (typeof seq !== 'number' || seq <= previous || seq > expected.to_seq) {
        throw new ArchiveMismatch(`${name}: line ${events + 1} is out of order or out of its range`);
      }
      previous = seq;
      events += 1;
    }
  } catch (err) {
    if (err instanceof ArchiveMismatch) throw err;
    throw new ArchiveMismatch(`${name}: cannot be read back (${(err as Error).message})`);
  }
  const found = { events, bytes, sha256: hash.digest('hex') };
  for (const key of ['events', 'bytes', 'sha256'] as const) {
    if (found[key] !== expected[key]) {
      throw new ArchiveMismatch(
        `${name}: ${key} is ${found[key]}, the archive was written with ${expected[key]}`,
      );
    }
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
