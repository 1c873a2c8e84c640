import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PgClient } from './postgres-pool.js';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value in COPY's text format: `\N` for null, backslash, tab and line breaks escaped. */
export function copyField(v: string | undefined | null): string {
  if (v === undefined || v === null) return '\\N';
  return NEEDS_ESCAPE.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : v;
}

/**
 * COPY text gathered as UTF-8 bytes line by line: each line's string dies young, where one long
 * string built by concatenation keeps every piece alive (and copied by the collector) until it
 * is sent.
 */
export class CopyBuffer {
  private buffer: Buffer;
  private length = 0;

  constructor(expectedBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(expectedBytes);
  }

  append(line: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8.
    const room = line.length * 3;
    if (this.length + room > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + room));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(line, this.length);
  }

  get bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/**
 * Starts `copy` (a `COPY ... FROM STDIN` statement) on the caller's connection with `text`, rows
 * in COPY's text format, and resolves once the text is handed to the socket, with `stored`, the
 * server's answer: the caller can compute while the server stores the rows.
 */
export async function sendCopyText(
  client: PgClient,
  copy: string,
  text: string | Buffer,
): Promise<{ stored: Promise<void> }> {
  const stream = client.query(copyFrom(copy));
  const done = finished(stream);
  // Observed here too, so a refusal while the caller computes is never an unhandled rejection.
  done.catch(() => undefined);
  const written = new Promise<void>((resolve, reject) =>
    stream.write(text, (err) => (err ? reject(err) : resolve())),
  );
  written.catch(() => undefined);
  // The stream holds the rows until the server is ready for them, and when the connection is lost
  // before that it reports the error without ever calling back the write: wait for either.
  await Promise.race([written, done]);
  stream.end();
  // Wrapped: an async function returning the promise itself would wait for it.
  return { stored: done };
}
