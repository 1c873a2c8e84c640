import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { loadConfig, type SettingName } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createServices, startServer, type RunningServer } from '../../../src/main.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer | undefined;

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  temp.remove();
});

function configFor(overrides: Partial<Record<SettingName, string>>) {
  return loadConfig(
    {
      STREAMPULSE_DATA_DIR: temp.dir,
      STREAMPULSE_PORT: '0',
      STREAMPULSE_DEMO: 'off',
      STREAMPULSE_SQLITE_SYNC: 'normal',
      ...overrides,
    },
    {},
  );
}

/** A logger whose lines are kept, parsed. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

async function addUser(name: string, isAdmin: boolean, disabled = false): Promise<void> {
  const services = createServices(configFor({}), createLogger('silent'));
  try {
    await services.accounts.createUser({ name, password: 'correct horse battery', isAdmin });
    if (disabled) await services.accounts.setDisabled(name, true);
  } finally {
    await services.close();
  }
}

test('beyond loopback, the server will not start before an admin user exists, and says how to create one', async () => {
  await addUser('viewer', false);
  await addUser('former-admin', true, true);
  const start = startServer(configFor({ STREAMPULSE_HOST: '0.0.0.0' }), createLogger('silent'));
  await expect(start).rejects.toThrow(/no admin user exists yet.*streampulse user create <name> --admin/);
  // What it opened is closed again: the same data directory serves at once.
  server = await startServer(configFor({}), createLogger('silent'));
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

test('on loopback, no admin is needed', async () => {
  for (const host of ['127.0.0.1', 'localhost', '::1']) {
    server = await startServer(configFor({ STREAMPULSE_HOST: host }), createLogger('silent'));
    await server.close();
    server = undefined;
  }
});

test('beyond loopback with an admin, it starts and logs each origin it serves, warning when none is configured', async () => {
  await addUser('owner', true);
  const { logger, lines } = capturedLogger();
  server = await startServer(configFor({ STREAMPULSE_HOST: '0.0.0.0' }), logger);
  const port = new URL(server.url).port;
  const served = lines.filter((l) => l.msg === 'public origin').map((l) => l.url);
  expect(served).toEqual([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);
  expect(lines.some((l) => l.level === 40 && String(l.msg).includes('STREAMPULSE_PUBLIC_ORIGINS'))).toBe(
    true,
  );
});

test('with public origins configured, those are the ones it logs', async () => {
  await addUser('owner', true);
  const { logger, lines } = capturedLogger();
  server = await startServer(
    configFor({ STREAMPULSE_HOST: '0.0.0.0', STREAMPULSE_PUBLIC_ORIGINS: 'https://stats.example.com' }),
    logger,
  );
  expect(lines.filter((l) => l.msg === 'public origin').map((l) => l.url)).toEqual([
    'https://stats.example.com',
  ]);
  expect(lines.some((l) => String(l.msg).includes('STREAMPULSE_PUBLIC_ORIGINS'))).toBe(false);
});
