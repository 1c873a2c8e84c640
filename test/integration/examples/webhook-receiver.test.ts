import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { signWebhook } from '../../../src/live/webhook-signature.js';
import type { RunningServer } from '../../../src/main.js';
import { PYTHON, pythonEnv, startExample, type ExampleProcess } from '../../support/example-process.js';
import { api, startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

interface Delivery {
  headers: Record<string, string>;
  body: string;
}

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let receiver: ExampleProcess;
let receiverUrl: string;
let relay: Server;
let streamerbot: Server;
/** What reached the relay from StreamPulse, and how the receiver answered each. */
const relayed: { delivery: Delivery; status: number }[] = [];
/** The DoAction requests the receiver made of the fake Streamer.bot. */
const actions: unknown[] = [];

function listen(handler: (body: string, headers: IncomingHttpHeaders) => Promise<number>): Promise<Server> {
  const http = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      handler(body, req.headers).then(
        (status) => res.writeHead(status).end(),
        () => res.writeHead(500).end(),
      );
    });
  });
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve(http)));
}

const urlOf = (http: Server) => `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;

/** Sends a delivery to the receiver as StreamPulse would: its headers and its raw body. */
async function deliver({ headers, body }: Delivery): Promise<number> {
  return (await fetch(receiverUrl, { method: 'POST', headers, body })).status;
}

/** A delivery signed with `secret` at `timestamp` (unix seconds), as StreamPulse signs them. */
function signed(body: string, timestamp: number, secret = SECRET): Delivery {
  const id = `me:${Math.floor(Math.random() * 1e9)}`;
  return {
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, id, timestamp, body),
    },
    body,
  };
}

const triggerLines = () => receiver.stdout.filter((line) => line.startsWith('{'));

beforeAll(async () => {
  temp = makeTempDir();
  streamerbot = await listen((body) => {
    actions.push(JSON.parse(body));
    return Promise.resolve(200);
  });
  receiver = startExample(
    PYTHON,
    [
      'examples/webhook-receiver.py',
      '--port',
      '0',
      '--streamerbot-url',
      `${urlOf(streamerbot)}DoAction`,
      '--streamerbot-action',
      'Clip it',
    ],
    pythonEnv({ WEBHOOK_SECRET: SECRET }),
  );
  const listening = await receiver.waitForLine((line) => line.startsWith('listening on '));
  receiverUrl = listening.slice('listening on '.length);
  // Between StreamPulse and the receiver, so the test holds a real delivery to tamper with.
  relay = await listen(async (body, headers) => {
    const delivery: Delivery = {
      headers: Object.fromEntries(
        Object.entries(headers).filter(([name]) => name.startsWith('webhook-') || name === 'content-type'),
      ) as Record<string, string>,
      body,
    };
    const status = await deliver(delivery);
    relayed.push({ delivery, status });
    return status;
  });
  server = await startLiveServer(temp.dir, {
    STREAMPULSE_WEBHOOK_ALLOWED_HOSTS: new URL(urlOf(relay)).host,
  });
  expect((await api(server.url, 'POST', '/api/profiles', { id: 'me', name: 'Me' })).status).toBe(201);
  const stream = { id: 'tiktok-main', platform: 'tiktok', channel: '@me' };
  expect((await api(server.url, 'POST', '/api/profiles/me/streams', stream)).status).toBe(201);
  const settings = { webhook: { url: urlOf(relay), secret: SECRET } };
  expect((await api(server.url, 'PUT', '/api/profiles/me/settings/triggers', settings)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await receiver?.stop();
  relay?.close();
  streamerbot?.close();
  temp?.remove();
});

let pushedTrigger: Promise<string> | undefined;

/** Pushes one trigger (once per run) and resolves with the line the receiver printed for it. */
function pushTrigger(): Promise<string> {
  pushedTrigger ??= (async () => {
    const trigger = {
      stream: 'tiktok-main',
      kind: 'trigger',
      at: Date.now(),
      id: 'clip-1',
      data: { type: 'clip_request', details: { by: 'rosefan' } },
    };
    expect((await api(server.url, 'POST', '/api/profiles/me/events', [trigger])).status).toBe(200);
    const line = await receiver.waitForLine((l) => l.startsWith('{'));
    // The receiver prints before it answers; the relay records the answer after.
    await vi.waitFor(() => expect(relayed).toHaveLength(1));
    return line;
  })();
  return pushedTrigger;
}

test('the webhook receiver verifies a real trigger delivery and runs the Streamer.bot action once', async () => {
  const line = await pushTrigger();
  const printed = JSON.parse(line) as { webhook_id: string; trigger: Record<string, unknown> };
  expect(printed.trigger).toMatchObject({
    profile: 'me',
    streamer: 'tiktok-main',
    type: 'clip_request',
    details: { by: 'rosefan' },
  });
  expect(relayed).toHaveLength(1);
  expect(relayed[0]!.status).toBe(204);
  expect(relayed[0]!.delivery.headers['webhook-signature']).toMatch(/^v1,/);
  expect(printed.webhook_id).toBe(relayed[0]!.delivery.headers['webhook-id']);
  expect(actions).toEqual([
    {
      action: { name: 'Clip it' },
      args: expect.objectContaining({
        profile: 'me',
        streamer: 'tiktok-main',
        type: 'clip_request',
        details: '{"by": "rosefan"}',
      }) as unknown,
    },
  ]);

  // A repeat of the same delivery (a retry whose answer was lost) is taken but not handled again.
  expect(await deliver(relayed[0]!.delivery)).toBe(204);
  expect(triggerLines()).toHaveLength(1);
  expect(actions).toHaveLength(1);
});

test('the webhook receiver refuses a tampered, forged, stale or unsigned delivery and handles none', async () => {
  await pushTrigger();
  const real = relayed[0]!.delivery;
  const handledBefore = triggerLines().length;
  const now = Math.floor(Date.now() / 1000);

  const tamperedBody = real.body.replace('"clip_request"', '"raid_alert"');
  expect(tamperedBody).not.toBe(real.body);
  expect(await deliver({ headers: real.headers, body: tamperedBody })).toBe(401);
  const otherId = { ...real.headers, 'webhook-id': `${real.headers['webhook-id']}-2` };
  expect(await deliver({ headers: otherId, body: real.body })).toBe(401);
  const forged = signed(real.body, now, `whsec_${randomBytes(32).toString('base64')}`);
  expect(await deliver(forged)).toBe(401);
  expect(await deliver(signed(real.body, now - 6 * 60))).toBe(401);
  const unsigned = signed(real.body, now);
  delete unsigned.headers['webhook-signature'];
  expect(await deliver(unsigned)).toBe(401);

  expect(triggerLines()).toHaveLength(handledBefore);
  expect(actions).toHaveLength(handledBefore);
  // The same secret, body and a fresh timestamp pass: the refusals above are the tampering's.
  expect(await deliver(signed(real.body, now))).toBe(204);
  expect(triggerLines()).toHaveLength(handledBefore + 1);
});
