import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadConfig, type SettingName } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createServices } from '../../src/main.js';
import { rememberAdminLogin } from './live-server.js';
import { createAdminLogin, TEST_PASSWORD, type LoginHeaders } from './test-login.js';
import { cliArgs } from './cli-entry.js';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** The server admin's login there (also what `api` and `connect` of live-server.ts send). */
  login: LoginHeaders;
}

/**
 * Starts `streampulse serve` in a child process (through tsx, from the sources) on a free port and
 * resolves with its URL once it listens, with the server admin `admin` (made in its data first,
 * as `streampulse user create` would) logged in.
 */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 20_000,
  entry: string[] = ['src/cli/index.ts', 'serve'],
): Promise<ServerProcess> {
  await ensureAdmin(env);
  const started = await spawnServer(env, timeoutMs, entry);
  const login = await logIn(started.url);
  rememberAdminLogin(started.url, login);
  return { ...started, login };
}

/** Makes the server admin in the data directory or database the process will serve, unless it is there. */
async function ensureAdmin(env: Record<string, string>): Promise<void> {
  const settings = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('STREAMPULSE_')));
  const services = createServices(
    loadConfig({ ...(settings as Partial<Record<SettingName, string>>), STREAMPULSE_DEMO: 'off' }, {}),
    createLogger('silent'),
  );
  try {
    await createAdminLogin(services.accounts);
  } finally {
    await services.close();
  }
}

/** Logs the admin in over HTTP, as a browser would. */
async function logIn(url: string): Promise<LoginHeaders> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'admin', password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`logging in to ${url} failed: ${res.status} ${await res.text()}`);
  const token = /sp_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  const { csrf_token } = (await res.json()) as { csrf_token: string };
  return { cookie: `sp_session=${token}`, 'x-csrf-token': csrf_token };
}

function spawnServer(
  env: Record<string, string>,
  timeoutMs: number,
  entry: string[],
): Promise<Omit<ServerProcess, 'login'>> {
  // The command line starts from the run's bundle of it; other entries from their sources.
  const [module = '', ...args] = entry;
  const argv = module === 'src/cli/index.ts' ? cliArgs(...args) : ['--import', 'tsx', ...entry];
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: {
      ...process.env,
      STREAMPULSE_PORT: '0',
      STREAMPULSE_DEMO: 'off',
      STREAMPULSE_LOG_LEVEL: 'info',
      // Test events are months old: a scheduled retention run would delete them mid-test.
      STREAMPULSE_RETENTION_SCHEDULE: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'streampulse listening' && entry.url) {
          clearTimeout(timer);
          resolve({ child, url: entry.url, exited });
        }
      } catch {
        // not a log line
      }
    });
  });
}
