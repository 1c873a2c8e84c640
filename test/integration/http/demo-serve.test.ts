import { afterEach, expect, test, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { createAdminLogin } from '../../support/test-login.js';

const temp = makeTempDir();
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  temp.remove();
});

test('serving with the demo on creates the demo profile and its numbers move', async () => {
  const config = loadConfig(
    { STREAMPULSE_DATA_DIR: temp.dir, STREAMPULSE_PORT: '0', STREAMPULSE_DEMO: 'on' },
    {},
  );
  server = await startServer(config, createLogger('silent'), { print: () => undefined });
  const headers = { ...(await createAdminLogin(server.services.accounts)) };
  const read = async () =>
    (await (await fetch(`${server!.url}/api/profiles/demo/stats`, { headers })).json()) as {
      combined: { viewers: number; likes: number };
      streams: Record<string, unknown>;
    };
  // The simulated channels run under the connector supervisor, like real platforms; they go on
  // air once the demo's history is stored.
  const connectors = async () =>
    (
      (await (await fetch(`${server!.url}/api/profiles/demo/connectors`, { headers })).json()) as {
        connectors: { stream: string; state: string }[];
      }
    ).connectors;
  await vi.waitFor(async () => expect((await connectors()).every((c) => c.state === 'live')).toBe(true), {
    timeout: 30_000,
    interval: 100,
  });
  const first = await vi.waitFor(
    async () => {
      const stats = await read();
      expect(Object.keys(stats.streams).sort()).toEqual(['tiktok-demo', 'twitch-demo']);
      expect(stats.combined.viewers).toBeGreaterThan(0);
      return stats;
    },
    { timeout: 10_000, interval: 100 },
  );
  await vi.waitFor(async () => expect((await read()).combined.likes).toBeGreaterThan(first.combined.likes), {
    timeout: 10_000,
    interval: 100,
  });
  expect((await connectors()).map((c) => `${c.stream}:${c.state}`)).toEqual([
    'tiktok-demo:live',
    'twitch-demo:live',
  ]);
}, 60_000);
