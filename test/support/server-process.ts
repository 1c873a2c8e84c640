import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Starts `streampulse serve` in a child process (through tsx, from the sources) on a free port and
 * resolves with its URL once it listens.
 */
export function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 20_000,
  entry: string[] = ['src/cli/index.ts', 'serve'],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      STREAMPULSE_PORT: '0',
      STREAMPULSE_DEMO: 'off',
      STREAMPULSE_LOG_LEVEL: 'info',
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
