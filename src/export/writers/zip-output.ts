import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { ZipArchive } from 'archiver';
import { TextSink } from './text-sink.js';

/** How much of an entry waits for the zip to take it (bytes). */
const ENTRY_BUFFER = 64 * 1024;
/**
 * How much compressed output may wait in the archive for `out` (bytes). The archive reads each
 * entry on and pushes what it compressed whether or not `out` takes it (only its own piping into
 * `out` pauses), so without this bound a reader that stops makes the zip of a whole sheet wait in
 * memory.
 */
const ARCHIVE_BUFFER = 128 * 1024;

/**
 * A zip written as a stream (archiver), entry after entry: each entry's text goes through a
 * small buffer that the archive reads only as fast as `out` takes its output, so a slow reader
 * holds the whole chain back. Entries are compressed with deflate.
 */
export class ZipOutput {
  private readonly archive = new ZipArchive({ zlib: { level: 6 } });
  private readonly failed: Promise<never>;

  constructor(
    private readonly out: Writable,
    private readonly signal: AbortSignal,
  ) {
    this.failed = new Promise((_, reject) => this.archive.once('error', reject));
    // Observed so that an error with nobody waiting does not go unhandled.
    this.failed.catch(() => undefined);
    this.archive.pipe(out);
    signal.addEventListener('abort', () => this.archive.abort(), { once: true });
  }

  /** Starts an entry; write its text through the sink, then `end()` it. */
  entry(name: string): TextSink {
    const buffer = new PassThrough({ highWaterMark: ENTRY_BUFFER });
    this.archive.append(buffer, { name });
    return new TextSink(buffer, this.signal, () => this.room());
  }

  /** Resolves once the archive holds at most ARCHIVE_BUFFER bytes of output `out` has not taken. */
  private async room(): Promise<void> {
    while (this.archive.readableLength > ARCHIVE_BUFFER) {
      this.signal.throwIfAborted();
      if (this.out.writableNeedDrain) await once(this.out, 'drain', { signal: this.signal });
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Adds a small entry whole. */
  add(name: string, text: string): void {
    this.archive.append(text, { name });
  }

  /** Writes the zip's directory once every entry is in; resolves when all of it went out. */
  async finish(): Promise<void> {
    await Promise.race([this.archive.finalize(), this.failed]);
  }
}
