import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { ConnectorStatus } from '../../../src/ingest/connector-status.js';
import { ensureDemoProfile } from '../../../src/ingest/simulator/demo-profile.js';
import type { RunningServer } from '../../../src/main.js';
import type { StreamInfo } from '../../../src/store/ports.js';
import { api, startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const DEMO = ['tiktok-demo', 'twitch-demo'];
const temp = makeTempDir();
let server: RunningServer | null = null;

async function start(demo: 'on' | 'off'): Promise<RunningServer> {
  await server?.close();
  server = await startLiveServer(temp.dir, { STREAMPULSE_DEMO: demo });
  return server;
}

async function statusOf(s: RunningServer, stream: string): Promise<ConnectorStatus> {
  return (await s.services.connectors.list('demo')).find((c) => c.stream === stream)!;
}

async function enabledOf(s: RunningServer): Promise<Record<string, boolean>> {
  const res = await api(s.url, 'GET', '/api/profiles/demo/streams');
  const { streams } = (await res.json()) as { streams: StreamInfo[] };
  return Object.fromEntries(streams.filter((x) => DEMO.includes(x.id)).map((x) => [x.id, x.enabled]));
}

const waitLive = (s: RunningServer, stream: string) =>
  vi.waitFor(async () => expect((await statusOf(s, stream)).state).toBe('live'), { timeout: 10_000 });

/** Its simulator's events arrive: ids the simulator gives, on this stream. */
async function hearsSimulator(s: RunningServer, stream: string, after: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const store = await s.services.engine.openProfile('demo');
      const stats = store.currentState().streams.get(stream)?.stats;
      expect(stats?.updated_at ?? 0).toBeGreaterThan(after);
    },
    { timeout: 10_000 },
  );
}

beforeAll(async () => {
  // A demo profile set up by an older version: demo streams created unmarked, some events stored
  // (so no history is added and these tests stay quick).
  const s = await start('off');
  await ensureDemoProfile(s.services.profiles, 'demo');
  await s.services.pipeline.submit('demo', [
    { stream: 'tiktok-demo', kind: 'chat', at: Date.now() - 3600_000, count: 1, value: 0, text: 'hi' },
  ]);
  expect(await enabledOf(s)).toEqual({ 'tiktok-demo': false, 'twitch-demo': false });
}, 30_000);
afterAll(async () => {
  await server?.close();
  temp.remove();
});

describe('demo streams', () => {
  test('an older demo profile whose streams ran unmarked shows them enabled while the simulator runs them', async () => {
    const startedAt = Date.now();
    const s = await start('on');
    for (const stream of DEMO) await waitLive(s, stream);
    expect(await enabledOf(s)).toEqual({ 'tiktok-demo': true, 'twitch-demo': true });
    // It held events already: no history was slipped in behind them.
    const store = await s.services.engine.openProfile('demo');
    const past = (await store.listSessions({ limit: 100 })).filter((x) => x.started_at < startedAt);
    expect(past.map((x) => x.stream)).toEqual(['tiktok-demo']);
  }, 30_000);

  test('disconnect then connect puts a demo stream back on its simulator, not on the platform', async () => {
    const s = server!;
    const off = await api(s.url, 'POST', '/api/profiles/demo/streams/tiktok-demo/disconnect');
    expect(((await off.json()) as ConnectorStatus).state).toBe('stopped');
    const at = Date.now();
    const on = await api(s.url, 'POST', '/api/profiles/demo/streams/tiktok-demo/connect');
    expect(on.status).toBe(200);
    await waitLive(s, 'tiktok-demo');
    await hearsSimulator(s, 'tiktok-demo', at);
    const status = await statusOf(s, 'tiktok-demo');
    expect(status.failures).toBe(0);
    expect(status.last_error).toBeNull();
  }, 30_000);

  test('a demo stream the user disconnected stays disconnected at the next start; the other runs', async () => {
    const before = server!;
    await api(before.url, 'POST', '/api/profiles/demo/streams/twitch-demo/disconnect');
    const s = await start('on');
    await waitLive(s, 'tiktok-demo');
    expect(await enabledOf(s)).toEqual({ 'tiktok-demo': true, 'twitch-demo': false });
    expect((await statusOf(s, 'twitch-demo')).state).toBe('stopped');
  }, 30_000);

  test('with the demo off, an enabled demo stream is not connected to the platform it imitates', async () => {
    const s = await start('off');
    expect((await s.services.connectors.wantedStreams()).filter((w) => w.profile === 'demo')).toEqual([]);
    const res = await api(s.url, 'POST', '/api/profiles/demo/streams/tiktok-demo/connect');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CONNECTOR_UNSUPPORTED');
    expect((await statusOf(s, 'tiktok-demo')).state).toBe('stopped');
    // Connecting did not change what the next start does.
    expect(await enabledOf(s)).toEqual({ 'tiktok-demo': true, 'twitch-demo': false });
  }, 30_000);
});
