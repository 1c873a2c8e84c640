import type { FastifyInstance, InjectOptions } from 'fastify';
import { loadConfig, type SettingName } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createApp, createServices, type ServiceOptions, type Services } from '../../src/main.js';
import { makeTempDir } from './temp-dir.js';
import { createAdminLogin, loginHeaders, withLogin, type LoginHeaders } from './test-login.js';

export interface TestApp {
  /** The app; `inject` sends the admin's login unless the request names its own credentials. */
  app: FastifyInstance;
  /** The app's own `inject`: no credentials added. */
  anonymous: FastifyInstance['inject'];
  /** The login of the server admin `admin` (null with `{ login: false }`). */
  admin: LoginHeaders | null;
  /** Logs the admin in again if a request ended its login (a logout, a revoked session). */
  ensureLogin(): Promise<void>;
  services: Services;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Real services over a fresh data directory and the Fastify app, for `app.inject()`, acting as a
 * logged-in server admin (`{ login: false }`: no user exists, as on a first run). `options` can
 * replace the platforms' connectors (none reached from a test).
 */
export async function createTestApp(
  overrides: Partial<Record<SettingName, string>> = {},
  options: ServiceOptions = {},
  { login = true }: { login?: boolean } = {},
): Promise<TestApp> {
  const temp = makeTempDir();
  const config = loadConfig(
    {
      STREAMPULSE_DATA_DIR: temp.dir,
      STREAMPULSE_SQLITE_SYNC: 'normal',
      STREAMPULSE_BATCH_DELAY_MS: '2',
      // A Discord clip bot set up by a test logs in nowhere unless the test runs a Discord of its own.
      STREAMPULSE_DISCORD_API_URL: 'http://127.0.0.1:9/api',
      // The test runs in the server's process and may hold its event loop (generating, compiling
      // schemas): that is no overload of the server's. Load-shedding tests turn it on.
      STREAMPULSE_SHED_EVENT_LOOP_DELAY_MS: '0',
      ...overrides,
    },
    {},
  );
  const logger = createLogger('silent');
  const services = createServices(config, logger, options);
  const app = await createApp(services, 'test');
  const anonymous = app.inject.bind(app);
  let admin = login ? await createAdminLogin(services.accounts) : null;
  if (admin) {
    app.inject = ((request?: string | InjectOptions) =>
      request === undefined || !admin
        ? anonymous(request as InjectOptions)
        : anonymous(withLogin(request, admin))) as FastifyInstance['inject'];
  }
  return {
    app,
    anonymous,
    get admin() {
      return admin;
    },
    async ensureLogin() {
      const token = admin?.cookie.split('=')[1];
      if (token && !(await services.accounts.authenticate(token)))
        admin = await loginHeaders(services.accounts, 'admin');
    },
    services,
    dataDir: temp.dir,
    async close() {
      await app.close();
      await services.close();
      temp.remove();
    },
  };
}

/** Creates a profile with one stream through the API (the setup most HTTP tests start from). */
export async function createProfileWithStream(
  app: FastifyInstance,
  profile: string,
  stream: { id: string; platform: string; channel: string },
): Promise<void> {
  const created = await app.inject({
    method: 'POST',
    url: '/api/profiles',
    payload: { id: profile, name: profile },
  });
  const added = await app.inject({
    method: 'POST',
    url: `/api/profiles/${profile}/streams`,
    payload: stream,
  });
  if (created.statusCode !== 201 || added.statusCode !== 201) {
    throw new Error(`setting up profile '${profile}' failed: ${created.body} ${added.body}`);
  }
}
