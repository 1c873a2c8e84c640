import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeTempDir } from '../../support/temp-dir.js';
import { cliArgs } from '../../support/cli-entry.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const temp = makeTempDir();
afterAll(() => temp.remove());
const DAY = 86_400_000;

/** Runs the real CLI from the sources against the temp data directory. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, cliArgs(...args, '--data-dir', temp.dir), {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, STREAMPULSE_LOG_LEVEL: 'error' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('streampulse retention', () => {
  test('archives and deletes the raw events older than --days, then finds nothing more to do; a bad --days is named', () => {
    const now = Date.now();
    const file = path.join(temp.dir, 'events.ndjson');
    const lines = [100, 50, 40, 2, 1].map((d, i) => ({
      stream: 'tiktok-x',
      kind: 'like',
      at: now - d * DAY,
      id: `l${i}`,
      count: i + 1,
    }));
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect(cli('replay', file, '--profile', 'cli', '--create').code).toBe(0);

    const bad = cli('retention', '--profile', 'cli', '--days', 'soon');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--days');

    const run = cli('retention', '--profile', 'cli', '--days', '30');
    expect(run.err).toBe('');
    expect(run.out).toMatch(
      /^cli: archived 3 events \(seq 1-3\) to .*events-1-3\.ndjson\.gz \(sha256 [0-9a-f]{64}\), deleted 3\n$/,
    );
    expect(existsSync(path.join(temp.dir, 'archives', 'cli', 'events-1-3.ndjson.gz'))).toBe(true);
    expect(cli('retention', '--all', '--days', '30').out).toBe(
      'cli: no raw events older than its retention\n',
    );
    expect(cli('rebuild', '--profile', 'cli').out).toMatch(/rebuilt cli: 2 events/);
    // Six runs of the CLI from the sources.
  }, 180_000);
});
