import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
 * Without `prefer`, the compiled server in `dist/` (plain node) when it exists, else the TypeScript
 * sources through tsx (`bench/serve-child.ts`), whose compile cost is then part of every start.
 */
export function serverCommand(prefer?: Runner): ServerCommand {
  const hasDist =
    existsSync(path.join(ROOT, 'dist', 'main.js')) && existsSync(path.join(ROOT, 'dist', 'config.js'));
  if (prefer === 'dist' && !hasDist) throw new Error('--runner=dist: no dist/ build (run npm run build)');
  if (hasDist && prefer !== 'tsx') {
    const at = (f: string) => JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', f)).href);
    // The same steps as bench/serve-child.ts, against the compiled modules.
    const script = `
      const { loadConfig } = await import(${at('config.js')});
      const { createLogger } = await import(${at('logger.js')});
      const { startServer } = await import(${at('main.js')});
      const config = loadConfig();
      const server = await startServer(config, createLogger(config.logLevel));
      process.stdout.write(JSON.stringify({ url: server.url }) + '\\n');
      process.once('SIGTERM', () => server.close().then(() => process.exit(0)));`;
    return { runner: 'dist', args: ['--input-type=module', '-e', script] };
  }
  return { runner: 'tsx', args: ['--import', 'tsx', path.join(ROOT, 'bench', 'serve-child.ts')] };
}

export interface ServerProcess {
  url: string;
  runner: Runner;
  /** `performance.now()` just before the spawn. */
  spawnedAt: number;
  stop(): Promise<void>;
}

/** Spawns the server with `env` added to this environment; resolves once it printed its URL. */
export function spawnServer(env: Record<string, string>, prefer?: Runner): Promise<ServerProcess> {
  const command = serverCommand(prefer);
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
      const url = findUrl(buffered);
      if (url === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({ url, runner: command.runner, spawnedAt, stop: () => stopChild(child) });
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

/** The `url` of the first complete stdout line that is a JSON object with one. */
function findUrl(text: string): string | null {
  const lines = text.split('\n');
  lines.pop();
  for (const line of lines) {
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === 'object' && 'url' in value && typeof value.url === 'string')
        return value.url;
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

/** A GET over node:http (no fetch: its lazy start-up would land inside startup timings). */
export function httpGet(url: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
