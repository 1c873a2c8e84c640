import { io, type Socket } from 'socket.io-client';
import { loadConfig, type SettingName } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer, type ServiceOptions } from '../../src/main.js';
import { createAdminLogin, type LoginHeaders } from './test-login.js';

/** The admin's login on each running test server, by its URL: `api` and `connect` use it. */
const adminLogins = new Map<string, LoginHeaders>();

/** Keeps the admin's login of a server started some other way (a child process). */
export function rememberAdminLogin(url: string, login: LoginHeaders): void {
  adminLogins.set(url, login);
}

/** The login `api` and `connect` send to the server at `url`. */
export function adminLoginOf(url: string): LoginHeaders {
  const login = adminLogins.get(url);
  if (!login) throw new Error(`no test server with an admin login at ${url}`);
  return login;
}

/**
 * The real server on a free port, demo off, over `dataDir`, with a server admin logged in
 * (`{ login: false }`: no user is made, as on a first run).
 */
export async function startLiveServer(
  dataDir: string,
  overrides: Partial<Record<SettingName, string>> = {},
  options: ServiceOptions = { print: () => undefined },
  { login = true }: { login?: boolean } = {},
): Promise<RunningServer> {
  const config = loadConfig(
    {
      STREAMPULSE_DATA_DIR: dataDir,
      STREAMPULSE_PORT: '0',
      STREAMPULSE_DEMO: 'off',
      STREAMPULSE_SQLITE_SYNC: 'normal',
      // The test runs in the server's process and may hold its event loop (generating, compiling
      // schemas): that is no overload of the server's. Load-shedding tests turn it on.
      STREAMPULSE_SHED_EVENT_LOOP_DELAY_MS: '0',
      // Test events are months old: a scheduled retention run would delete them mid-test.
      STREAMPULSE_RETENTION_SCHEDULE: 'off',
      ...overrides,
    },
    {},
  );
  const server = await startServer(config, createLogger('silent'), options);
  if (login) adminLogins.set(server.url, await createAdminLogin(server.services.accounts));
  return server;
}

/** A request to the test server at `url`, as its admin. */
export async function api(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { ...adminLoginOf(url) };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  return fetch(url + path, init);
}

/** A profile with one stream per given id. */
export async function createProfile(url: string, profile: string, streams: string[]): Promise<void> {
  await api(url, 'POST', '/api/profiles', { id: profile, name: profile });
  for (const id of streams)
    await api(url, 'POST', `/api/profiles/${profile}/streams`, { id, platform: 'custom', channel: id });
}

/** Records every event a client receives, by name. */
export function recordAll(socket: Socket): Map<string, unknown[]> {
  const seen = new Map<string, unknown[]>();
  socket.onAny((name: string, payload: unknown) => {
    if (!seen.has(name)) seen.set(name, []);
    seen.get(name)!.push(payload);
  });
  return seen;
}

/**
 * A live client of the test server at `url`, logged in as its admin (that of the test server
 * at `server` when `url` reaches it through something else).
 */
export function connect(url: string, profile?: string, events?: unknown, server = url): Socket {
  const auth = { ...(profile ? { profile } : {}), ...(events === undefined ? {} : { events }) };
  const extraHeaders = { cookie: adminLoginOf(server).cookie };
  return io(url, { transports: ['websocket'], auth, forceNew: true, extraHeaders });
}

/** Waits until `check` passes or the time runs out (then fails with its last error). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
