import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeTempDir } from '../../support/temp-dir.js';
import { cliArgs } from '../../support/cli-entry.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const temp = makeTempDir();
afterAll(() => temp.remove());

/** Runs the real CLI from the sources against the temp data directory. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, cliArgs(...args, '--data-dir', temp.dir), {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, STREAMPULSE_LOG_LEVEL: 'error' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const T = Date.UTC(2026, 0, 10, 18, 0, 0);

describe('streampulse CLI', () => {
  test('replays an NDJSON file, ignores a second replay of it, and rebuilds the profile', () => {
    const file = path.join(temp.dir, 'events.ndjson');
    const lines = [
      { stream: 'tiktok-x', kind: 'viewers', at: T, id: 'v1', count: 40 },
      {
        stream: 'tiktok-x',
        kind: 'gift',
        at: new Date(T + 1000).toISOString(),
        id: 'g1',
        count: 3,
        value: 3,
        user: { id: '1', name: 'a' },
      },
      { stream: 'twitch-x', kind: 'chat', at: T + 2000, id: 'c1', text: 'hi', user: { id: '2', name: 'b' } },
    ];
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const first = cli('replay', file, '--profile', 'cli', '--create');
    expect(first.err).toBe('');
    expect(first.out).toContain('replayed 3 events: 3 stored, 0 duplicates');
    expect(cli('replay', file, '--profile', 'cli').out).toContain('0 stored, 3 duplicates');
    const rebuilt = cli('rebuild', '--profile', 'cli');
    expect(rebuilt.out).toMatch(/rebuilt cli: 3 events/);
  });

  test('refuses a file with a bad line, naming the line and the field, and stores nothing', () => {
    const file = path.join(temp.dir, 'bad.ndjson');
    writeFileSync(
      file,
      `${JSON.stringify({ stream: 's', kind: 'like', at: T })}\n${JSON.stringify({ stream: 's', kind: 'like', at: 'yesterday' })}\n`,
    );
    const res = cli('replay', file, '--profile', 'bad', '--create');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/line 2/);
    expect(res.err).toMatch(/at/);
    expect(res.out).toBe('');
  });

  test('names a bad setting', () => {
    const res = cli('migrate', '--batch-size', 'lots');
    expect(res.code).toBe(1);
    expect(res.err).toContain('STREAMPULSE_BATCH_SIZE (--batch-size)');
  });

  test('simulates demo history and migrates', () => {
    const demo = cli('demo', '--minutes', '3', '--profile', 'demo2');
    expect(demo.out).toMatch(/simulated 3 minutes into 'demo2': \d+ events/);
    expect(Number(/: (\d+) events/.exec(demo.out)![1])).toBeGreaterThan(100);
    expect(cli('migrate').out).toContain('up to date');
  });
});
