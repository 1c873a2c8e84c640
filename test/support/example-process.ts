import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root, where the examples are run from as the README runs them. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Debian's Python, where python3-socketio and python3-websocket install (not a pyenv one on PATH). */
export const PYTHON = '/usr/bin/python3';

/** This environment without the variables that would point Python at another installation's packages. */
export function pythonEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^PYTHON(PATH|HOME)$/.test(name)),
  );
  return { ...env, ...extra };
}

/** Fails (never skips) when python-socketio is missing, saying how to install it. */
export function requirePythonSocketio(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import socketio, websocket'], {
    encoding: 'utf8',
    env: pythonEnv(),
  });
  if (probe.status === 0) return;
  const why = probe.error?.message ?? probe.stderr.trim().split('\n').at(-1);
  throw new Error(
    `${PYTHON} cannot import socketio and websocket (${why}): install them with ` +
      '`apt-get install -y python3-socketio python3-websocket` (.ci/run does it when they are missing)',
  );
}

/** A running example: what it printed so far, line by line, and how it ended. */
export interface ExampleProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout line `match` accepts, waiting for it if need be. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** Sends `signal` (SIGTERM unless named) and waits for the end. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Starts `command` from the repository's root and collects its output by lines. */
export function startExample(command: string, args: string[], env: NodeJS.ProcessEnv): ExampleProcess {
  const child = spawn(command, args, { cwd: REPO_ROOT, env });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  let isClosed = false;
  const collect = (into: string[]) => {
    let partial = '';
    return (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      into.push(...lines);
      for (const wake of waiters) wake();
    };
  };
  child.stdout.setEncoding('utf8').on('data', collect(stdout));
  child.stderr.setEncoding('utf8').on('data', collect(stderr));
  const exited = new Promise<number | string>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      isClosed = true;
      resolve(code ?? signal ?? 'unknown');
      for (const wake of waiters) wake();
    });
  });
  const describe = () => `stdout:\n${stdout.join('\n')}\nstderr:\n${stderr.join('\n')}`;
  const waitForLine = (match: (line: string) => boolean, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`no such line in ${timeoutMs} ms; ${describe()}`)),
        timeoutMs,
      );
      const finish = (error: Error | null, line?: string) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve(line!);
      };
      const check = () => {
        const line = stdout.find(match);
        if (line !== undefined) finish(null, line);
        else if (isClosed) {
          finish(new Error(`the process ended (${child.exitCode ?? child.signalCode}) first; ${describe()}`));
        }
      };
      waiters.add(check);
      check();
    });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return { child, stdout, stderr, waitForLine, exited, stop };
}
