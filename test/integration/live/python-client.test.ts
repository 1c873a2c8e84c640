import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { api, createProfile, startLiveServer } from '../../support/live-server.js';
import { PYTHON, pythonEnv, requirePythonSocketio } from '../../support/example-process.js';
import { makeTempDir } from '../../support/temp-dir.js';

const CLIENT = fileURLToPath(new URL('../../support/python/read-live-stats.py', import.meta.url));
const T = Date.now();

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let readKey: string;

interface ClientRun {
  exitCode: number | null;
  printed: { stats_update?: Record<string, unknown>; error?: { code: string; message: string } };
  stderr: string;
}

/** Runs the Python client against the server: its exit code and the JSON line it printed. */
function runClient(profile: string, token: string, how: 'auth' | 'header'): Promise<ClientRun> {
  const child = spawn(PYTHON, [CLIENT, server.url, profile, token, how], { env: pythonEnv() });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ exitCode, printed: JSON.parse(line) as ClientRun['printed'], stderr });
      } catch {
        reject(new Error(`the Python client printed no JSON (exit ${exitCode}): ${stdout}\n${stderr}`));
      }
    });
  });
}

async function createKey(profile: string, scopes: string[]): Promise<string> {
  const res = await api(server.url, 'POST', `/api/profiles/${profile}/keys`, { name: 'python', scopes });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

beforeAll(async () => {
  requirePythonSocketio();
  temp = makeTempDir();
  server = await startLiveServer(temp.dir);
  await createProfile(server.url, 'clipper', ['xqc', 'shroud']);
  await createProfile(server.url, 'other', ['main']);
  readKey = await createKey('clipper', ['read']);
  const pushed = await api(server.url, 'POST', '/api/profiles/clipper/events', [
    { stream: 'xqc', kind: 'viewers', at: T, count: 45000 },
    { stream: 'shroud', kind: 'viewers', at: T, count: 32000 },
    ...Array.from({ length: 3 }, (_, i) => ({
      stream: 'xqc',
      kind: 'chat',
      at: T + i,
      text: 'W',
      id: `c${i}`,
    })),
  ]);
  expect(pushed.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await server?.close();
  temp?.remove();
});

test.each(['auth', 'header'] as const)(
  "python-socketio reads the seed's stats_update with a read key (passed as %s)",
  async (how) => {
    const run = await runClient('clipper', readKey, how);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.printed.stats_update).toMatchObject({
      viewer_counts: { xqc: 45000, shroud: 32000 },
      chat_velocities: { xqc: 3, shroud: 0 },
      recording_status: { xqc: false, shroud: false },
    });
  },
  30_000,
);

test('python-socketio is refused, told why, with a wrong key, a key of another profile or one without the read scope', async () => {
  const wrong = await runClient('clipper', 'spk_not-a-key', 'auth');
  expect(wrong.exitCode, wrong.stderr).toBe(2);
  expect(wrong.printed.error?.code).toBe('TOKEN_INVALID');
  const elsewhere = await runClient('other', readKey, 'header');
  expect(elsewhere.exitCode, elsewhere.stderr).toBe(2);
  expect(elsewhere.printed.error?.code).toBe('PROFILE_NOT_FOUND');
  const pusher = await runClient('clipper', await createKey('clipper', ['ingest']), 'auth');
  expect(pusher.exitCode, pusher.stderr).toBe(2);
  expect(pusher.printed.error?.code).toBe('KEY_SCOPE_MISSING');
}, 60_000);
