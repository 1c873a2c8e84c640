import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeTempDir } from '../../support/temp-dir.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const temp = makeTempDir();
afterAll(() => temp.remove());

const T = Date.UTC(2026, 0, 10, 18, 0, 0);
const good = `${JSON.stringify({ stream: 's', kind: 'like', at: T, id: 'ok' })}\n`;

/** Runs `streampulse replay FILE --create` from the sources; resolves with its exit and output. */
function replay(file: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/index.ts',
      'replay',
      file,
      '--profile',
      'hostile',
      '--create',
      '--data-dir',
      temp.dir,
    ],
    { cwd: ROOT, env: { ...process.env, STREAMPULSE_LOG_LEVEL: 'error' } },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(temp.dir, name);
  writeFileSync(file, content);
  return file;
}

describe('streampulse replay with a hostile file', () => {
  const directory = path.join(temp.dir, 'a-directory');
  mkdirSync(directory);
  const cases: [string, () => string, RegExp][] = [
    [
      'a line nested 100,000 deep',
      () => write('deep.ndjson', `${good}[${'['.repeat(100_000)}${']'.repeat(100_000)}]\n`),
      /line 2 is not a valid event: .*nests deeper than 64 levels/,
    ],
    [
      'a 50 MB single line',
      () => write('long.ndjson', `${good}{"text":"${'x'.repeat(50 * 1024 * 1024)}"}\n`),
      /line 2 is not a valid event: is longer than 1048576 bytes/,
    ],
    [
      'invalid UTF-8',
      () =>
        write(
          'latin1.ndjson',
          Buffer.concat([
            Buffer.from(good),
            Buffer.from('{"text":"caf'),
            Buffer.from([0xe9]),
            Buffer.from('"}\n'),
          ]),
        ),
      /line 2 is not a valid event: is not valid UTF-8 text/,
    ],
    [
      'a binary file',
      () =>
        write(
          'image.png',
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0x00]),
        ),
      /line 1 is not a valid event: is not valid UTF-8 text/,
    ],
    [
      'a __proto__ key',
      () =>
        write(
          'proto.ndjson',
          `${good}{"stream":"s","kind":"like","at":${T},"data":{"__proto__":{"admin":true}}}\n`,
        ),
      /line 2 is not a valid event: data\.__proto__ is not allowed/,
    ],
    ['a directory', () => directory, /is a directory, not a file/],
    [
      'a missing file',
      () => path.join(temp.dir, 'missing.ndjson'),
      /cannot read .*missing\.ndjson: no such file/,
    ],
  ];

  test.each(cases)(
    '%s: a clear message, exit code 1, no stack trace, nothing stored',
    async (_name, file, message) => {
      const result = await replay(file());
      expect(result.code).toBe(1);
      expect(result.err).toMatch(message);
      expect(result.err).not.toMatch(/\n\s+at /);
      expect(result.err.length).toBeLessThan(2000);
      expect(result.out).toBe('');
      expect(existsSync(path.join(temp.dir, 'profiles', 'hostile.db'))).toBe(false);
    },
  );
});
