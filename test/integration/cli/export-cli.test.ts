import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readNdjson } from '../../support/export-reader.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { api, createProfile, startLiveServer } from '../../support/live-server.js';
import type { RunningServer } from '../../../src/main.js';
import { cliArgs } from '../../support/cli-entry.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const env = { ...process.env, STREAMPULSE_LOG_LEVEL: 'error' };
const T = Date.UTC(2026, 0, 10, 18, 0, 0);
const RANGE = ['--from', '2026-01-10T00:00:00Z', '--to', '2026-01-11T00:00:00Z'];

/** The real CLI from the sources, without blocking the event loop (a server in this process answers it). */
function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(...args), {
      cwd: ROOT,
      env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('streampulse export', () => {
  const dir = makeTempDir();
  let server: RunningServer | null = null;

  beforeAll(async () => {
    server = await startLiveServer(dir.dir);
    await createProfile(server.url, 'cli', ['s1']);
    await api(server.url, 'POST', '/api/profiles/cli/events', [
      { stream: 's1', kind: 'viewers', at: T, count: 10 },
      { stream: 's1', kind: 'gift', at: T + 1000, count: 2, value: 20, user: { id: 'u1', name: 'Ann' } },
    ]);
  });
  afterAll(async () => {
    await server?.close();
    dir.remove();
  });

  test('beside a running server it refuses to open the files and says to ask the server', async () => {
    const res = await cli('export', '--profile', 'cli', '--data-dir', dir.dir, ...RANGE);
    expect(res.code).toBe(1);
    expect(res.err).toContain(
      `--server ${server!.url} --key <an API key of the profile with the read scope>`,
    );
  });

  test('with --server and a read key it saves what the server exports', async () => {
    const key = (await server!.services.apiKeys.create('cli', { name: 'cli', scopes: ['read'] })).key;
    const out = path.join(dir.dir, 'cli.ndjson');
    const res = await cli(
      'export',
      '--profile',
      'cli',
      '--format',
      'ndjson',
      '--sheets',
      'sessions,contributions',
      '--server',
      server!.url,
      '--key',
      key,
      '--out',
      out,
      ...RANGE,
    );
    expect(res.err).toBe(`wrote ${out}\n`);
    const sheets = readNdjson(readFileSync(out, 'utf8'));
    expect(sheets.sessions).toHaveLength(1);
    expect(sheets.contributions!.map((r) => [r.user_id, r.name, r.coins])).toEqual([['u1', 'Ann', 20]]);
  });

  test('names every bad flag', async () => {
    const res = await cli(
      'export',
      '--profile',
      'cli',
      '--format',
      'pdf',
      '--from',
      'soon',
      '--sheets',
      'x',
      '--data-dir',
      dir.dir,
    );
    expect(res.code).toBe(1);
    expect(res.err).toContain('--format: must be one of xlsx, csv, json, ndjson');
    expect(res.err).toContain('--from: must be epoch ms or an ISO-8601 time');
    expect(res.err).toContain("--sheets: unknown sheet 'x'");
  });

  test('once the server is stopped it exports from the data directory itself', async () => {
    await server!.close();
    server = null;
    const out = path.join(dir.dir, 'local.json');
    const res = await cli(
      'export',
      '--profile',
      'cli',
      '--format',
      'json',
      '--out',
      out,
      '--data-dir',
      dir.dir,
      ...RANGE,
    );
    expect(res.err).toBe(`wrote ${out}\n`);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.sheets.sessions).toHaveLength(1);
    expect(doc.sheets.summary.find((r: { metric: string }) => r.metric === 'coins').value).toBe(20);
  });
});
