import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AppError } from '../../core/errors.js';
import { MAX_NDJSON_LINE_BYTES } from '../../core/ndjson.js';
import { decodeUtf8 } from '../../core/utf8.js';

/** One line of a file: its text, or why it cannot be read as text. */
export type FileLine = { lineNumber: number; text: string } | { lineNumber: number; problem: string };

const NEWLINE = 0x0a;

/**
 * Reads a file line by line (`\n` endings; a `\r` before one is left in the line), holding at
 * most MAX_NDJSON_LINE_BYTES of one line in memory: a longer line, or one that is not UTF-8, comes
 * out as a `problem` naming it, and reading goes on. Throws AppError FILE_UNREADABLE, with a
 * message for a person, when `file` is missing, a directory or otherwise unreadable.
 */
export async function* readFileLines(file: string): AsyncGenerator<FileLine> {
  await checkReadable(file);
  const input = createReadStream(file);
  const line = new LineBuffer();
  let lineNumber = 1;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
        line.append(chunk.subarray(start, end));
        yield line.take(lineNumber);
        lineNumber += 1;
        start = end + 1;
      }
      line.append(chunk.subarray(start));
    }
  } catch (err) {
    throw unreadable(file, err);
  } finally {
    input.destroy();
  }
  if (!line.isEmpty) yield line.take(lineNumber);
}

/** The bytes of the line being read, or only the fact that it grew too long. */
class LineBuffer {
  private parts: Buffer[] = [];
  private bytes = 0;
  private isTooLong = false;

  get isEmpty(): boolean {
    return this.bytes === 0 && !this.isTooLong;
  }

  append(part: Buffer): void {
    if (this.isTooLong || part.length === 0) return;
    this.bytes += part.length;
    if (this.bytes > MAX_NDJSON_LINE_BYTES) {
      this.isTooLong = true;
      this.parts = [];
    } else this.parts.push(part);
  }

  take(lineNumber: number): FileLine {
    const { isTooLong, parts } = this;
    this.parts = [];
    this.bytes = 0;
    this.isTooLong = false;
    if (isTooLong) return { lineNumber, problem: `is longer than ${MAX_NDJSON_LINE_BYTES} bytes` };
    const text = decodeUtf8(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    return text === null ? { lineNumber, problem: 'is not valid UTF-8 text' } : { lineNumber, text };
  }
}

async function checkReadable(file: string): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    throw unreadable(file, err);
  }
  if (info.isDirectory()) throw new AppError('FILE_UNREADABLE', `${file} is a directory, not a file`);
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
};

function unreadable(file: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const reason = (code && REASONS[code]) ?? (err instanceof Error ? err.message : String(err));
  return new AppError('FILE_UNREADABLE', `cannot read ${file}: ${reason}`);
}
