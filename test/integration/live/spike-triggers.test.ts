import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { makeTempDir } from '../../support/temp-dir.js';
import {
  api,
  connect,
  createProfile,
  eventually,
  recordAll,
  startLiveServer,
} from '../../support/live-server.js';

const T = Date.now() - 120_000;
let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let receiver: Server;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

beforeEach(async () => {
  received.length = 0;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  temp = makeTempDir();
  // The receiver is on loopback, where webhooks go only to hosts the admin allows.
  const { port } = receiver.address() as AddressInfo;
  server = await startLiveServer(temp.dir, { STREAMPULSE_WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${port}` });
  await createProfile(server.url, 'p', ['s']);
});
afterEach(async () => {
  await server.close();
  await new Promise((r) => receiver.close(r));
  temp.remove();
});

/** Viewer readings a second apart: steady around 1000, then a jump to 1600. */
function readings(from: number, values: number[]) {
  return values.map((count, i) => ({ stream: 's', kind: 'viewers', at: T + (from + i) * 1000, count }));
}

test('a viewer spike becomes a stored trigger, pushed live and POSTed signed to the webhook, once', async () => {
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const put = await api(server.url, 'PUT', '/api/profiles/p/settings/triggers', {
    webhook: { url, secret: 'a-long-secret' },
  });
  expect(put.status).toBe(200);
  const client = connect(server.url, 'p');
  const seen = recordAll(client);
  await eventually(() => expect(seen.get('stats')?.length).toBeGreaterThan(0));

  const steady = Array.from({ length: 40 }, (_, i) => 1000 + ((i * 7) % 11) - 5);
  for (let i = 0; i < 40; i += 10)
    await api(server.url, 'POST', '/api/profiles/p/events', readings(i, steady.slice(i, i + 10)));
  await api(server.url, 'POST', '/api/profiles/p/events', readings(40, [1600, 1620, 1610, 1615]));

  await eventually(() =>
    expect(seen.get('trigger')).toEqual([
      expect.objectContaining({ profile: 'p', streamer: 's', type: 'viewers_spike' }),
    ]),
  );
  const log = (await (await api(server.url, 'GET', '/api/profiles/p/events?limit=1000')).json()) as {
    events: { seq: number; kind: string; data?: Record<string, unknown> }[];
  };
  const triggers = log.events.filter((e) => e.kind === 'trigger');
  expect(triggers).toHaveLength(1);
  expect(triggers[0]!.data).toMatchObject({
    type: 'viewers_spike',
    details: { signal: 'viewers', value: 1600 },
  });

  await eventually(() => expect(received).toHaveLength(1));
  const [hook] = received;
  expect(JSON.parse(hook!.body)).toMatchObject({ profile: 'p', streamer: 's', type: 'viewers_spike' });
  const headers = hook!.headers as Record<string, string>;
  expect(headers['webhook-id']).toBe(`p-${triggers[0]!.seq}`);
  expect(new Webhook('a-long-secret', { format: 'raw' }).verify(hook!.body, headers)).toMatchObject({
    type: 'viewers_spike',
  });
  expect(() => new Webhook('another-secret', { format: 'raw' }).verify(hook!.body, headers)).toThrow();
  client.close();
});

/** Two minutes of steady chat, three messages a second over 12 commits, then a burst of 300. */
async function postChatBurst(): Promise<void> {
  const chat = (second: number, n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({
      stream: 's',
      kind: 'chat',
      at: T + second * 1000 + i,
      text: 'hi',
      id: `${tag}-${second}-${i}`,
      user: { id: `${i}`, name: `u${i}` },
    }));
  for (let second = 0; second < 120; second += 10) {
    const batch = Array.from({ length: 10 }, (_, k) => chat(second + k, 3, 'steady')).flat();
    await api(server.url, 'POST', '/api/profiles/p/events', batch);
  }
  await api(server.url, 'POST', '/api/profiles/p/events', chat(121, 300, 'burst'));
}

/** The `data.type` of every trigger in the profile's log. */
async function storedTriggers(): Promise<unknown[]> {
  const log = (await (await api(server.url, 'GET', '/api/profiles/p/events?limit=1000')).json()) as {
    events: { kind: string; data?: { type?: unknown } }[];
  };
  return log.events.filter((e) => e.kind === 'trigger').map((e) => e.data?.type);
}

test('a chat burst on top of a steady chat rate fires one chat-velocity trigger', async () => {
  await postChatBurst();
  await eventually(async () => expect(await storedTriggers()).toEqual(['chat_velocity_spike']));
});

test('a disabled signal never fires, while the others still do', async () => {
  await api(server.url, 'PUT', '/api/profiles/p/settings/triggers', { viewers: { enabled: false } });
  const steady = Array.from({ length: 60 }, (_, i) => 1000 + ((i * 13) % 21) - 10);
  await api(server.url, 'POST', '/api/profiles/p/events', readings(0, [...steady, 5000, 5000]));
  // Commits are checked for spikes in order, and what a check finds is stored before the next
  // commit: once the chat spike of later commits is stored, a viewers spike would be too.
  await postChatBurst();
  await eventually(async () => expect(await storedTriggers()).toEqual(['chat_velocity_spike']));
  const settings = await (await api(server.url, 'GET', '/api/profiles/p/settings/triggers')).json();
  expect(settings).toEqual({ viewers: { enabled: false } });
});

test('bad trigger settings are refused with every problem listed', async () => {
  const res = await api(server.url, 'PUT', '/api/profiles/p/settings/triggers', {
    viewers: { threshold: 0 },
    webhook: { url: 'ftp://x', secret: 'short' },
  });
  expect(res.status).toBe(400);
  const fields = ((await res.json()) as { error: { details: { field: string }[] } }).error.details.map(
    (d) => d.field,
  );
  expect(fields).toEqual(
    expect.arrayContaining(['body.viewers.threshold', 'body.webhook.url', 'body.webhook.secret']),
  );
});
