import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { api, createProfile, eventually, startLiveServer } from '../../support/live-server.js';
import { parsePrometheusText, sampleValue } from '../../support/prometheus-text.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let receiver: Server;
let hooks: string;
/** The paths the receiver was asked for. */
const received: string[] = [];

beforeAll(async () => {
  // Answers 200 on /ok and 400 on anything else (a receiver refusing: not retried).
  receiver = createServer((req, res) => {
    received.push(req.url ?? '');
    req.resume();
    req.on('end', () => res.writeHead(req.url === '/ok' ? 200 : 400).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const { port } = receiver.address() as AddressInfo;
  hooks = `http://127.0.0.1:${port}`;
  temp = makeTempDir();
  server = await startLiveServer(temp.dir, { STREAMPULSE_WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${port}` });
  for (const [profile, path] of [
    ['taken', '/ok'],
    ['refused', '/no'],
  ] as const) {
    await createProfile(server.url, profile, ['s']);
    const put = await api(server.url, 'PUT', `/api/profiles/${profile}/settings/triggers`, {
      webhook: { url: `${hooks}${path}` },
    });
    expect(put.status).toBe(200);
  }
});
afterAll(async () => {
  await server?.close();
  await new Promise((r) => receiver.close(r));
  temp.remove();
});

test('counts the trigger webhooks delivered and those that failed', async () => {
  const trigger = (profile: string) =>
    api(server.url, 'POST', `/api/profiles/${profile}/events`, [
      { stream: 's', kind: 'trigger', at: Date.now(), data: { type: 'raid_alert' } },
    ]);
  expect((await trigger('taken')).status).toBe(200);
  expect((await trigger('refused')).status).toBe(200);
  await eventually(() => expect(received.sort()).toEqual(['/no', '/ok']));
  await eventually(async () => {
    const samples = parsePrometheusText(await (await api(server.url, 'GET', '/metrics')).text());
    expect(sampleValue(samples, 'streampulse_webhook_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(sampleValue(samples, 'streampulse_webhook_deliveries_total', { outcome: 'failed' })).toBe(1);
    expect(sampleValue(samples, 'streampulse_webhook_deliveries_total', { outcome: 'dropped' })).toBe(0);
    expect(sampleValue(samples, 'streampulse_webhook_pending', { state: 'in_flight' })).toBe(0);
  });
});
