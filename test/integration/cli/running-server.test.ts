import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createProfile } from '../../support/live-server.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { cliArgs } from '../../support/cli-entry.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const temp = makeTempDir();
let server: ServerProcess;
let key: string;
/** Each test runs the CLI a few times, each a Node process of its own (seconds on a busy machine). */
const CLI_TEST_TIMEOUT_MS = 60_000;

/** Runs the real CLI from the sources against the server's data directory. */
function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(...args, '--data-dir', temp.dir), {
      cwd: ROOT,
      env: { ...process.env, STREAMPULSE_LOG_LEVEL: 'error', STREAMPULSE_API_KEY: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** An NDJSON file of `n` likes of one count each on stream s1, stamped just now. */
function likesFile(name: string, n: number): string {
  const file = path.join(temp.dir, name);
  const now = Date.now();
  const lines = Array.from({ length: n }, (_, i) => ({
    stream: 's1',
    kind: 'like',
    at: now - 1000 + i,
    id: `${name}-${i}`,
    count: 1,
  }));
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return file;
}

async function likesOf(url: string): Promise<number> {
  const stats = (await (await api(url, 'GET', '/api/profiles/p/stats')).json()) as {
    combined: { likes: number };
  };
  return stats.combined.likes;
}

beforeAll(async () => {
  server = await startServerProcess({ STREAMPULSE_DATA_DIR: temp.dir, STREAMPULSE_SQLITE_SYNC: 'normal' });
  await createProfile(server.url, 'p', ['s1']);
  const res = await api(server.url, 'POST', '/api/profiles/p/keys', { name: 'replay', scopes: ['ingest'] });
  key = ((await res.json()) as { key: string }).key;
});
afterAll(async () => {
  if (server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  temp.remove();
});

describe('CLI commands beside a running server', () => {
  test(
    'replay into the data directory of a running server is refused, naming the server, and stores nothing',
    async () => {
      const res = await cli('replay', likesFile('refused.ndjson', 3), '--profile', 'p');
      expect(res.code).toBe(1);
      expect(res.err).toContain('error DATA_DIR_IN_USE:');
      expect(res.err).toContain(`a StreamPulse server (pid ${server.child.pid}, ${server.url}, started `);
      expect(res.err).toContain(
        `--server ${server.url} --key <an API key of the profile with the ingest scope>`,
      );
      expect(res.out).toBe('');
      const events = (await (await api(server.url, 'GET', '/api/profiles/p/events')).json()) as {
        events: unknown[];
      };
      expect(events.events).toEqual([]);
      expect(await likesOf(server.url)).toBe(0);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  test(
    'rebuild and void are refused too, while a dry run, which only reads, runs',
    async () => {
      const rebuild = await cli('rebuild', '--profile', 'p');
      expect(rebuild.code).toBe(1);
      expect(rebuild.err).toContain('Stop the server first, then run `streampulse rebuild` again.');
      const voided = await cli('void', '--profile', 'p', '--seq', '1', '--reason', 'x');
      expect(voided.err).toContain(`add --server ${server.url} --key`);
      const dry = await cli('void', '--profile', 'p', '--seq', '1', '--reason', 'x', '--dry-run');
      expect(dry.err).toContain('VOID_MATCHES_NOTHING');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  test(
    "replay with --server and an ingest key lands in the running server's live stats, without a restart",
    async () => {
      const file = likesFile('pushed.ndjson', 4);
      const res = await cli('replay', file, '--profile', 'p', '--server', server.url, '--key', key);
      expect(res.err).toBe('');
      expect(res.out).toBe(`replayed 4 events through ${server.url}: 4 stored, 0 duplicates\n`);
      expect(await likesOf(server.url)).toBe(4);
      const wrongKey = await cli(
        'replay',
        file,
        '--profile',
        'p',
        '--server',
        server.url,
        '--key',
        'spk_nope',
      );
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.err).toContain('--key: is not a valid API key');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  test(
    'once the server has stopped, replay writes into the data directory again',
    async () => {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(existsSync(path.join(temp.dir, 'server.json'))).toBe(false);
      const res = await cli('replay', likesFile('after.ndjson', 2), '--profile', 'p');
      expect(res.err).toBe('');
      expect(res.out).toBe('replayed 2 events: 2 stored, 0 duplicates\n');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  test(
    'an ownership file left by a server that is gone does not block',
    async () => {
      const gone = spawn(process.execPath, ['-e', '']);
      await new Promise((resolve) => gone.once('exit', resolve));
      const stale = { pid: gone.pid, host: hostname(), url: 'http://127.0.0.1:1', startedAt: 1 };
      writeFileSync(path.join(temp.dir, 'server.json'), JSON.stringify(stale));
      const res = await cli('replay', likesFile('stale.ndjson', 1), '--profile', 'p');
      expect(res.err).toBe('');
      expect(res.out).toBe('replayed 1 events: 1 stored, 0 duplicates\n');
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
