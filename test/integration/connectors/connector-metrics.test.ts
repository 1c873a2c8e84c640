// The connector and clip poll metrics of a running server: connectors stood in for by local
// fakes (one that fails its first attempt), and the clips of a connected Twitch stream polled from
// the loopback Helix server of test/support/helix-server.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorFactory } from '../../../src/ingest/connector.js';
import type { RunningServer } from '../../../src/main.js';
import { startHelixServer, type HelixStandIn } from '../../support/helix-server.js';
import { api, eventually, startLiveServer } from '../../support/live-server.js';
import { parsePrometheusText, sampleValue, type Sample } from '../../support/prometheus-text.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** TikTok connectors whose first attempt fails and every later one connects. */
let tiktokAttempts = 0;
const failingOnce: ConnectorFactory = () => ({
  connect: () => {
    tiktokAttempts += 1;
    return tiktokAttempts === 1 ? Promise.reject(new Error('the first attempt fails')) : Promise.resolve();
  },
  disconnect: () => Promise.resolve(),
});
/** Twitch connectors that connect at once (their clips are polled from the Helix stand-in). */
const connecting: ConnectorFactory = () => ({
  connect: () => Promise.resolve(),
  disconnect: () => Promise.resolve(),
});

let helix: HelixStandIn;
let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;

beforeAll(async () => {
  // Helix refuses the channel `broken` (400: a poll that fails, not retried).
  helix = await startHelixServer([], (_req, url, res) => {
    if (url.searchParams.get('login') !== 'broken') return false;
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"Bad Request"}');
    return true;
  });
  temp = makeTempDir();
  server = await startLiveServer(
    temp.dir,
    {
      STREAMPULSE_TWITCH_CLIENT_ID: 'cid',
      STREAMPULSE_TWITCH_TOKEN: 'tok',
      STREAMPULSE_TWITCH_HELIX_URL: helix.url,
    },
    { print: () => undefined, connectorFactories: { tiktok: failingOnce, twitch: connecting } },
  );
  await api(server.url, 'POST', '/api/profiles', { id: 'p', name: 'p' });
  const stream = (id: string, platform: string, channel: string) =>
    api(server.url, 'POST', '/api/profiles/p/streams', { id, platform, channel });
  await stream('tt', 'tiktok', '@someone');
  await stream('tw', 'twitch', 'chewiemelodies');
  await stream('tw-broken', 'twitch', 'broken');
});
afterAll(async () => {
  await server?.close();
  await helix?.close();
  temp.remove();
});

async function scrape(): Promise<Sample[]> {
  const res = await api(server.url, 'GET', '/metrics');
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}
const connectors = (samples: Sample[], platform: string, state: string) =>
  sampleValue(samples, 'streampulse_connectors', { platform, state }) ?? 0;

describe('connector metrics', () => {
  test('count connectors per platform and state, and the attempts after a failure', async () => {
    expect((await api(server.url, 'POST', '/api/profiles/p/streams/tt/connect')).status).toBe(200);
    await eventually(async () => expect(connectors(await scrape(), 'tiktok', 'live')).toBe(1), 10_000);
    const samples = await scrape();
    expect(tiktokAttempts).toBe(2);
    expect(sampleValue(samples, 'streampulse_connector_reconnects_total', { platform: 'tiktok' })).toBe(1);
    expect(connectors(samples, 'tiktok', 'error')).toBe(0);
    expect(connectors(samples, 'tiktok', 'connecting')).toBe(0);

    expect((await api(server.url, 'POST', '/api/profiles/p/streams/tt/disconnect')).status).toBe(200);
    const stopped = await scrape();
    expect(connectors(stopped, 'tiktok', 'live')).toBe(0);
    expect(
      stopped.filter((s) => s.name === 'streampulse_connectors' && s.labels.platform === 'tiktok'),
    ).toEqual([]);
  });

  test('count the clip polls of connected Twitch streams by result', async () => {
    expect((await api(server.url, 'POST', '/api/profiles/p/streams/tw/connect')).status).toBe(200);
    expect((await api(server.url, 'POST', '/api/profiles/p/streams/tw-broken/connect')).status).toBe(200);
    await eventually(async () => {
      const samples = await scrape();
      expect(sampleValue(samples, 'streampulse_clip_polls_total', { result: 'ok' })).toBe(1);
      expect(sampleValue(samples, 'streampulse_clip_polls_total', { result: 'error' })).toBe(1);
      expect(connectors(samples, 'twitch', 'live')).toBe(2);
    }, 10_000);
  });
});
