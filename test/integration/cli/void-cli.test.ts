import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeTempDir } from '../../support/temp-dir.js';
import { api, createProfile, startLiveServer } from '../../support/live-server.js';
import { cliArgs } from '../../support/cli-entry.js';

// Each test runs a dozen CLI processes one after another, each loading the app from its sources:
// on a busy two-core machine that takes longer than a test's usual bound.
const CLI_TEST_TIMEOUT_MS = 90_000;

const ROOT = new URL('../../../', import.meta.url).pathname;
const temp = makeTempDir();
afterAll(() => temp.remove());
const T = Date.UTC(2026, 0, 10, 18, 0, 0);

const env = { ...process.env, STREAMPULSE_LOG_LEVEL: 'error' };

/** Runs the real CLI from the sources against the temp data directory. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, cliArgs(...args, '--data-dir', temp.dir), {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** The same, without blocking the event loop (a server in this process answers it). */
function cliAsync(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(...args), { cwd: ROOT, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('streampulse void', () => {
  test(
    'counts with --dry-run, then voids by sequence range in the data directory',
    () => {
      const file = path.join(temp.dir, 'events.ndjson');
      const lines = [1, 2, 3, 4].map((i) => ({
        stream: 'tiktok-x',
        kind: 'like',
        at: T + i,
        id: `l${i}`,
        count: i,
      }));
      writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
      expect(cli('replay', file, '--profile', 'cli', '--create').code).toBe(0);

      const dry = cli('void', '--profile', 'cli', '--seq', '2-3', '--reason', 'test likes', '--dry-run');
      expect(dry.out).toBe('would void 2 event(s); nothing was recorded\n');
      const done = cli('void', '--profile', 'cli', '--seq', '2-3', '--reason', 'test likes', '--by', 'ana');
      expect(done.err).toBe('');
      expect(done.out).toBe('voided 2 event(s) with void seq 5\n');
      const again = cli('void', '--profile', 'cli', '--source-id', 'l2', '--reason', 'once more');
      expect(again.code).toBe(1);
      expect(again.err).toContain('VOID_MATCHES_NOTHING');
      expect(cli('rebuild', '--profile', 'cli').out).toMatch(/rebuilt cli: 3 events/);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  test(
    'names the flag that is wrong or missing',
    () => {
      const none = cli('void', '--profile', 'cli', '--reason', 'r');
      expect(none.code).toBe(1);
      expect(none.err).toContain('--seq | --source-id | --stream --from --to');
      const backwards = cli('void', '--profile', 'cli', '--seq', '9-3', '--reason', 'r');
      expect(backwards.err).toMatch(/--seq: from must not be after to/);
      const noStream = cli(
        'void',
        '--profile',
        'cli',
        '--from',
        String(T),
        '--to',
        String(T + 5),
        '--reason',
        'r',
      );
      expect(noStream.err).toMatch(/--stream:/);
      const noReason = cli('void', '--profile', 'cli', '--seq', '1');
      expect(noReason.err).toContain('--reason is required');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  test('asks a running server with --server, which takes the events back from its live stats', async () => {
    const dir = makeTempDir();
    const server = await startLiveServer(dir.dir);
    try {
      await createProfile(server.url, 'live', ['s1']);
      const now = Date.now();
      await api(server.url, 'POST', '/api/profiles/live/events', [
        { stream: 's1', kind: 'like', at: now - 2000, count: 5 },
        { stream: 's1', kind: 'like', at: now - 1000, count: 100 },
      ]);
      const key = (await server.services.apiKeys.create('live', { name: 'cli', scopes: ['manage'] })).key;
      const withoutKey = await cliAsync(
        'void',
        '--profile',
        'live',
        '--seq',
        '1',
        '--reason',
        'x',
        '--server',
        server.url,
      );
      expect(withoutKey.err).toContain('--key: is required with --server (or STREAMPULSE_API_KEY)');
      const res = await cliAsync(
        'void',
        '--key',
        key,
        '--profile',
        'live',
        '--stream',
        's1',
        '--from',
        String(now - 1500),
        '--to',
        String(now),
        '--reason',
        'a bot',
        '--server',
        server.url,
      );
      expect(res.err).toBe('');
      expect(res.out).toBe('voided 1 event(s) with void seq 3\n');
      const stats = (await (await api(server.url, 'GET', '/api/profiles/live/stats')).json()) as {
        combined: { likes: number };
      };
      expect(stats.combined.likes).toBe(5);
    } finally {
      await server.close();
      dir.remove();
    }
  });
});
