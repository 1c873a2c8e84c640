import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Text gathered before it is written as one chunk (characters). */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes text to a stream in chunks of about 64 KiB, waiting for 'drain' whenever the stream is
 * full: a slow reader slows the export down instead of making it buffer. The wait ends with an
 * AbortError when `signal` is aborted (the reader went away).
 */
export class TextSink {
  private pending: string[] = [];
  private size = 0;

  /**
   * `room`, when given, is waited for after each chunk too: what `stream` feeds (a zip archive)
   * may hold more than `stream` itself shows.
   */
  constructor(
    private readonly stream: Writable,
    private readonly signal: AbortSignal,
    private readonly room?: () => Promise<void>,
  ) {}

  /** Adds text; true when a chunk is ready and the caller should `await flush()` before adding more. */
  add(text: string): boolean {
    this.pending.push(text);
    this.size += text.length;
    return this.size >= CHUNK_CHARS;
  }

  /** Writes what was added, then waits until the stream has room for more. */
  async flush(): Promise<void> {
    this.signal.throwIfAborted();
    if (this.size === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain', { signal: this.signal });
    await this.room?.();
  }

  /** Writes what is left and ends the stream. */
  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
  }
}
