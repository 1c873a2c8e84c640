import type { FastifyInstance } from 'fastify';
import { loadConfig, type SettingName } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createApp, createServices, type ServiceOptions, type Services } from '../../src/main.js';
import { makeTempDir } from './temp-dir.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Real services over a fresh data directory and the Fastify app, for `app.inject()`. `options`
 * can replace the platforms' connectors (none reached from a test).
 */
export async function createTestApp(
  overrides: Partial<Record<SettingName, string>> = {},
  options: ServiceOptions = {},
): Promise<TestApp> {
  const temp = makeTempDir();
  const config = loadConfig(
    {
      STREAMPULSE_DATA_DIR: temp.dir,
      STREAMPULSE_SQLITE_SYNC: 'normal',
      STREAMPULSE_BATCH_DELAY_MS: '2',
      ...overrides,
    },
    {},
  );
  const logger = createLogger('silent');
  const services = createServices(config, logger, options);
  const app = await createApp(services, 'test');
  return {
    app,
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
