import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { Socket } from 'node:net';

/**
 * Vitest global setup: the PostgreSQL and Redis suites run against real local servers. If one is
 * not reachable this tries to start it (the commands a Debian machine with the packages uses),
 * and if it still cannot be reached the run fails here, loudly, saying how to provide it. To run
 * without them on purpose, set STREAMPULSE_TEST_WITHOUT_SERVICES=1 (their suites then fail, not
 * skip, so nothing passes by accident).
 */
export default async function ensureServices(): Promise<void> {
  if (process.env.STREAMPULSE_TEST_WITHOUT_SERVICES === '1') return;
  const problems: string[] = [];
  for (const service of SERVICES) {
    if (await isOpen(service.port)) continue;
    tryStart(service);
    if (!(await waitOpen(service.port, 15_000)))
      problems.push(`${service.name} on 127.0.0.1:${service.port}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `The test suite needs ${problems.join(' and ')}, and could not start it. ` +
        'Start PostgreSQL (trust auth for local connections, a database named "test") and Redis on their default ports; ' +
        'see "Running the tests" in the README.',
    );
  }
}

interface Service {
  name: string;
  port: number;
  start: () => string | null;
}

const SERVICES: Service[] = [
  {
    name: 'PostgreSQL',
    port: 5432,
    start: () => {
      if (!existsSync('/etc/postgresql')) return null;
      const version = readdirSync('/etc/postgresql')[0];
      return version ? `pg_ctlcluster --skip-systemctl-redirect ${version} main start` : null;
    },
  },
  {
    name: 'Redis',
    port: 6379,
    start: () =>
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /tmp',
  },
];

function tryStart(service: Service): void {
  const command = service.start();
  if (!command) return;
  try {
    execSync(command, { stdio: 'ignore', timeout: 30_000 });
  } catch {
    // Reported below if the port stays closed.
  }
}

function isOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

async function waitOpen(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await isOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
