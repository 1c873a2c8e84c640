import { spawn, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';
import { makeTempDir } from '../../support/temp-dir.js';
import { cliArgs } from '../../support/cli-entry.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const temps: ReturnType<typeof makeTempDir>[] = [];
afterAll(() => temps.forEach((t) => t.remove()));

interface Output {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs `streampulse serve` on a fresh data directory until `isStarted(stdout, stderr)` (which
 * implies its URL is on stdout), then stops it with SIGTERM and resolves with everything it wrote.
 */
function serveUntil(args: string[], isStarted: (out: string, err: string) => boolean): Promise<Output> {
  const temp = makeTempDir();
  temps.push(temp);
  const child = spawn(process.execPath, cliArgs('serve', '--data-dir', temp.dir, '--port', '0', ...args), {
    cwd: ROOT,
    env: { ...process.env, STREAMPULSE_LOG_LEVEL: 'info', STREAMPULSE_DEMO: 'off' },
  });
  let out = '';
  let err = '';
  let isStopping = false;
  const check = () => {
    // Once: a second SIGTERM would end the process before its clean stop.
    if (isStopping || !isStarted(out, err)) return;
    isStopping = true;
    // An answer from the server means its start has returned and its signal handlers are set.
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)![0];
    void fetch(`${url}/health`).then(() => child.kill('SIGTERM'));
  };
  child.stdout.on('data', (d: Buffer) => ((out += d.toString()), check()));
  child.stderr.on('data', (d: Buffer) => ((err += d.toString()), check()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

const listening = (out: string) => out.includes('streampulse listening');

describe('streampulse serve', () => {
  test('prints a banner on stderr with the addresses, the data, the demo and the setup link, while every stdout line stays JSON', async () => {
    const res = await serveUntil([], (out, err) => listening(out) && err.includes('/setup#token='));
    expect(res.code).toBe(0);
    const entries = res.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const started = entries.find((e) => e.msg === 'streampulse listening')!;
    const url = started.url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started).toMatchObject({
      dashboardUrl: `${url}/`,
      docsUrl: `${url}/docs`,
      engine: 'sqlite',
      demo: { enabled: false },
      setupNeeded: true,
    });
    // The one-time token is for the person at the terminal, not for the log.
    expect(res.out).not.toContain('setup#token');
    const lines = res.err.split('\n');
    expect(lines).toContain(`  Dashboard:  ${url}/`);
    expect(lines).toContain(`  API docs:   ${url}/docs`);
    expect(lines).toContain('  Engine:     embedded (SQLite files)');
    expect(lines).toContain(`  Data:       ${started.dataDir as string}`);
    expect(lines).toContain('  Demo:       off');
    expect(res.err).toMatch(
      new RegExp(`\\n  http://127\\.0\\.0\\.1:${new URL(url).port}/setup#token=[\\w-]+\\n`),
    );
  });

  test('with --log-format pretty writes one readable line per log entry', async () => {
    const res = await serveUntil(['--log-format', 'pretty'], (out) => listening(out));
    expect(res.code).toBe(0);
    const lines = res.out.trim().split('\n');
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} (INFO |WARN |ERROR)/);
    expect(lines.find((l) => l.includes('streampulse listening'))).toMatch(
      /INFO {2}streampulse listening {2}version=\S+ url=http:\/\/127\.0\.0\.1:\d+ /,
    );
    expect(res.err).toContain('StreamPulse');
  });

  test('refuses an unknown log format, naming the setting and its values', () => {
    const res = spawnSync(process.execPath, cliArgs('serve', '--port', '0'), {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, STREAMPULSE_LOG_FORMAT: 'colour' },
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('STREAMPULSE_LOG_FORMAT (--log-format)');
    expect(res.stderr).toContain('"json"|"pretty"');
  });
});
