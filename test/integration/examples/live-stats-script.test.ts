import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import {
  PYTHON,
  REPO_ROOT,
  pythonEnv,
  requirePythonSocketio,
  startExample,
} from '../../support/example-process.js';
import { api, startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const SCRIPT = 'examples/live-stats.py';

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;

async function createKey(scopes: string[]): Promise<string> {
  const res = await api(server.url, 'POST', '/api/profiles/me/keys', { name: 'script', scopes });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

function startScript(key: string) {
  const args = [SCRIPT, '--url', server.url, '--profile', 'me'];
  return startExample(PYTHON, args, pythonEnv({ STREAMPULSE_KEY: key }));
}

beforeAll(async () => {
  requirePythonSocketio();
  temp = makeTempDir();
  server = await startLiveServer(temp.dir);
  expect((await api(server.url, 'POST', '/api/profiles', { id: 'me', name: 'Me' })).status).toBe(201);
  const stream = { id: 'tiktok-main', platform: 'tiktok', channel: '@me' };
  expect((await api(server.url, 'POST', '/api/profiles/me/streams', stream)).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await server?.close();
  temp?.remove();
});

test('the live stats script prints the stats_update pushed after events arrive, with a read key', async () => {
  const script = startScript(await createKey(['read']));
  try {
    // The update sent on joining: the stream is there, nothing has happened yet.
    const joined = await script.waitForLine((line) => line.startsWith('{'));
    expect(JSON.parse(joined)).toMatchObject({ viewer_counts: { 'tiktok-main': 0 } });

    const pushed = await fetch(`${server.url}/api/profiles/me/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await createKey(['ingest'])}`,
        'content-type': 'application/x-ndjson',
      },
      body: readFileSync(new URL('examples/events.ndjson', `file://${REPO_ROOT}`)),
    });
    expect(pushed.status).toBe(200);
    const update = await script.waitForLine((line) => line.includes('"tiktok-main": 88'));
    expect(JSON.parse(update)).toMatchObject({
      viewer_counts: { 'tiktok-main': 88 },
      recording_status: { 'tiktok-main': false },
    });
  } finally {
    // Ctrl+C: the script disconnects and ends normally.
    expect(await script.stop('SIGINT')).toBe(0);
  }
});

test('the live stats script says why it is refused and exits 2, given a key without the read scope', async () => {
  const script = startScript(await createKey(['ingest']));
  expect(await script.exited).toBe(2);
  expect(script.stdout.join('')).toBe('');
  expect(script.stderr.join('\n')).toContain('refused: KEY_SCOPE_MISSING');
});
