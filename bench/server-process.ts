import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOGIN_COOKIE } from '../src/http/auth/login-cookie.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const URL_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

/** How the server runs: `dist` (compiled, plain node, what `npm start` runs) or `tsx` (sources). */
export type Runner = 'dist' | 'tsx';

export interface ServerCommand {
  runner: Runner;
  args: string[];
}

/**
 * Without `prefer`, the compiled server in `dist/` when it exists, else the TypeScript sources
 * through tsx, whose compile cost is then part of every start. `script` names the script of
 * bench/ to run (default `serve-child.mjs`, the plain server); it is given `dist` or `src`, the
 * modules it is to load the server from. A TypeScript script runs through tsx either way; the
 * plain server against `dist/` runs on plain node, as `npm start` runs it.
 */
export function serverCommand(prefer?: Runner, script = 'serve-child.mjs'): ServerCommand {
  const hasDist =
    existsSync(path.join(ROOT, 'dist', 'main.js')) && existsSync(path.join(ROOT, 'dist', 'config.js'));
  if (prefer === 'dist' && !hasDist) throw new Error('--runner=dist: no dist/ build (run npm run build)');
  const runner: Runner = hasDist && prefer !== 'tsx' ? 'dist' : 'tsx';
  const tsx = runner === 'tsx' || script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return { runner, args: [...tsx, path.join(ROOT, 'bench', script), runner === 'dist' ? 'dist' : 'src'] };
}

export interface ServerProcess {
  url: string;
  /** The whole JSON line the server printed once it listened (`url` and whatever else). */
  announced: Record<string, unknown>;
  runner: Runner;
  pid: number;
  /** `performance.now()` just before the spawn. */
  spawnedAt: number;
  stop(): Promise<void>;
}

/**
 * Spawns the server (or the bench script `script`, see `serverCommand`) with `env` added to this
 * environment; resolves once it printed its URL.
 */
export function spawnServer(
  env: Record<string, string>,
  prefer?: Runner,
  script?: string,
): Promise<ServerProcess> {
  const command = serverCommand(prefer, script);
  const spawnedAt = performance.now();
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...command.args], {
    cwd: ROOT,
    env: { ...inheritedEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    let buffered = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}\n${stderr.slice(-4000)}`));
    };
    const timer = setTimeout(() => fail('the server printed no URL in time'), URL_TIMEOUT_MS);
    child.once('exit', (code) => fail(`the server exited (code ${code}) before listening`));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      const announced = findAnnouncement(buffered);
      if (announced === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({
        url: announced.url,
        announced,
        runner: command.runner,
        pid: child.pid!,
        spawnedAt,
        stop: () => stopChild(child),
      });
    });
  });
}

/**
 * This environment without STREAMPULSE_* settings: the server runs with its defaults plus `env`,
 * and with glibc's malloc arenas limited as `npm start` runs it (see scripts/serve.mjs).
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('STREAMPULSE_')),
  );
  return { MALLOC_ARENA_MAX: '2', ...env };
}

/** The first complete stdout line that is a JSON object with a `url`. */
function findAnnouncement(text: string): ({ url: string } & Record<string, unknown>) | null {
  const lines = text.split('\n');
  lines.pop();
  for (const line of lines) {
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === 'object' && 'url' in value && typeof value.url === 'string')
        return value as { url: string } & Record<string, unknown>;
    } catch {
      // Not JSON (a stray line): keep looking.
    }
  }
  return null;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * The headers of requests made as the admin a bench server made and announced (`login`, `csrf`:
 * see bench/serve-child.mjs): its login cookie and the CSRF token that changes made with it need.
 */
export function adminHeaders(server: ServerProcess): Record<string, string> {
  const { login, csrf } = server.announced;
  if (typeof login !== 'string' || typeof csrf !== 'string')
    throw new Error('the bench server announced no admin login');
  return { cookie: `${LOGIN_COOKIE}=${login}`, 'x-csrf-token': csrf };
}

/** A GET over node:http (no fetch: its lazy start-up would land inside startup timings). */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Creates an `ingest` key of `profile` through the API, as the admin; answers the key. */
export async function createIngestKey(server: ServerProcess, profile: string, name: string): Promise<string> {
  const res = await fetch(`${server.url}/api/profiles/${profile}/keys`, {
    method: 'POST',
    headers: { ...adminHeaders(server), 'content-type': 'application/json' },
    body: JSON.stringify({ name, scopes: ['ingest'] }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`create an ingest key: ${res.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { key: string }).key;
}

/**
 * POSTs a body (NDJSON unless `contentType` says otherwise) with an `ingest` key over `agent`
 * (node:http with keep-alive: fetch costs a load generator several times more CPU); resolves
 * with the status and the answer's text.
 */
export function postWithKey(
  agent: Agent,
  url: string,
  key: string,
  body: string,
  contentType = 'application/x-ndjson',
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = {
      authorization: `Bearer ${key}`,
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
    };
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** utime + stime of a process in seconds, from /proc/<pid>/stat (Linux; 10 ms ticks). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
