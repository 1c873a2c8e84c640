import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterEach, expect, test } from 'vitest';
import { WebhookSender, type WebhookSenderOptions } from '../../../src/live/webhook-sender.js';
import { postPinned, type PostWebhook } from '../../../src/live/webhook-transport.js';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

interface Receiver {
  url: string;
  /** `127.0.0.1:<port>`, for the senders' allowed hosts: the receiver is on loopback. */
  host: string;
  received: Received[];
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1; `reply` answers the n-th request (0-based) or, to hang, doesn't. */
async function startReceiver(reply: (res: ServerResponse, n: number) => void): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const n = received.length;
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        at: performance.now(),
      });
      reply(res, n);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver = {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  cleanups.push(receiver.close);
  return receiver;
}

const hang = () => undefined;
const status =
  (code: number, headers: Record<string, string> = {}) =>
  (res: ServerResponse) =>
    res.writeHead(code, headers).end();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Receivers first: cutting their connections settles any in-flight attempt at once.
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * A sender with fast, deterministic retries (random() = 1: each delay is its cap) and captured
 * logs, allowed to reach the receiver `r` on loopback.
 */
function makeSender(r: Receiver | null, options: Partial<WebhookSenderOptions> = {}) {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  const sender = new WebhookSender({
    logger,
    baseDelayMs: 10,
    maxDelayMs: 100,
    timeoutMs: 2000,
    random: () => 1,
    allowedHosts: r ? [r.host] : [],
    ...options,
  });
  cleanups.push(() => sender.close());
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { sender, logs, rawLogs: () => lines.join('') };
}

/** Rejects instead of letting a test hang. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const T = { timeout: 10_000 };

/** The three Standard Webhooks headers of a request, as a verifying library takes them. */
function signedHeaders(req: Received): Record<string, string> {
  const pick = (name: string) => String(req.headers[name]);
  return {
    'webhook-id': pick('webhook-id'),
    'webhook-timestamp': pick('webhook-timestamp'),
    'webhook-signature': pick('webhook-signature'),
  };
}

test(
  'posts the JSON body with Standard Webhooks headers that a Standard Webhooks library verifies only when untouched',
  T,
  async () => {
    const r = await startReceiver(status(204));
    const { sender } = makeSender(r);
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const body = { profile: 'p', trigger: 'gift-spike', value: 12 };
    const before = Math.floor(Date.now() / 1000);
    sender.enqueue({ url: `${r.url}/hook`, secret, body, event: 'trigger', id: 'd-1' });
    await within(sender.drain(), 3000);

    expect(r.received).toHaveLength(1);
    const [req] = r.received as [Received];
    expect(req).toMatchObject({ method: 'POST', path: '/hook', body: JSON.stringify(body) });
    expect(req.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'StreamPulse-Webhook/1',
      'x-streampulse-event': 'trigger',
      'webhook-id': 'd-1',
    });
    const headers = signedHeaders(req);
    expect(Number(headers['webhook-timestamp'])).toBeGreaterThanOrEqual(before);
    expect(Number(headers['webhook-timestamp'])).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);

    expect(new Webhook(secret).verify(req.body, headers)).toEqual(body);
    const other = `whsec_${Buffer.from('another secret of 32 bytes long!').toString('base64')}`;
    expect(() => new Webhook(other).verify(req.body, headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(secret).verify(req.body.replace('12', '13'), headers)).toThrow();
    const stamp = String(Number(headers['webhook-timestamp']) + 1);
    expect(() => new Webhook(secret).verify(req.body, { ...headers, 'webhook-timestamp': stamp })).toThrow();
    expect(() => new Webhook(secret).verify(req.body, { ...headers, 'webhook-id': 'd-2' })).toThrow();
    // The old scheme's headers are gone.
    expect(Object.keys(req.headers).filter((h) => h.startsWith('x-streampulse-'))).toEqual([
      'x-streampulse-event',
    ]);
    expect(sender.stats()).toEqual({
      queued: 0,
      inFlight: 0,
      delivered: 1,
      failed: 0,
      dropped: 0,
      refused: 0,
    });
  },
);

test(
  'a secret without the whsec_ prefix is the key as it is: libraries take it raw or base64-encoded',
  T,
  async () => {
    const r = await startReceiver(status(200));
    const { sender } = makeSender(r);
    sender.enqueue({ url: r.url, secret: 'a-long-secret', body: { n: 1 }, id: 'raw-1' });
    await within(sender.drain(), 3000);

    const [req] = r.received as [Received];
    const headers = signedHeaders(req);
    expect(new Webhook('a-long-secret', { format: 'raw' }).verify(req.body, headers)).toEqual({ n: 1 });
    const encoded = `whsec_${Buffer.from('a-long-secret').toString('base64')}`;
    expect(new Webhook(encoded).verify(req.body, headers)).toEqual({ n: 1 });
    // The signature by hand, as the specification words it.
    const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${req.body}`;
    const digest = createHmac('sha256', 'a-long-secret').update(signed).digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${digest}`);
  },
);

test(
  'sends no signature without a secret, event "trigger" and a UUID delivery id by default',
  T,
  async () => {
    const r = await startReceiver(status(200));
    const { sender } = makeSender(r);
    sender.enqueue({ url: r.url, body: [1, 2] });
    await within(sender.drain(), 3000);

    expect(r.received[0]?.body).toBe('[1,2]');
    expect(r.received[0]?.headers['webhook-signature']).toBeUndefined();
    expect(r.received[0]?.headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(r.received[0]?.headers['x-streampulse-event']).toBe('trigger');
    expect(r.received[0]?.headers['webhook-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
  },
);

test('retries a 500 twice and succeeds on the third attempt with the same delivery id', T, async () => {
  const r = await startReceiver((res, n) => res.writeHead(n < 2 ? 500 : 200).end());
  const { sender } = makeSender(r, { maxAttempts: 5 });
  sender.enqueue({ url: r.url, secret: 'k', body: { n: 1 }, id: 'same' });
  await within(sender.drain(), 3000);

  expect(r.received.map((req) => req.headers['webhook-id'])).toEqual(['same', 'same', 'same']);
  expect(sender.stats()).toMatchObject({ delivered: 1, failed: 0, dropped: 0 });
});

test(
  'gives up after maxAttempts and logs the origin of the URL, without its path, query or the secret',
  T,
  async () => {
    const r = await startReceiver(status(503));
    const { sender, logs, rawLogs } = makeSender(r, { maxAttempts: 3 });
    sender.enqueue({ url: `${r.url}/hook?token=tok-123`, secret: 'secret-xyz', body: {}, id: 'd-9' });
    await within(sender.drain(), 3000);

    expect(r.received).toHaveLength(3);
    expect(sender.stats()).toMatchObject({ delivered: 0, failed: 1, dropped: 0 });
    const warning = logs().find((line) => line.msg === 'webhook delivery failed, giving up');
    // The origin alone: chat services put their token in the path.
    expect(warning).toMatchObject({ url: r.url, deliveryId: 'd-9', attempts: 3, error: 'HTTP 503' });
    expect(rawLogs()).not.toContain('secret-xyz');
    expect(rawLogs()).not.toContain('tok-123');
    expect(rawLogs()).not.toContain('/hook');
  },
);

test('enqueue of 100 deliveries returns at once while the receiver hangs', T, async () => {
  const r = await startReceiver(hang);
  let attempts = 0;
  const countingPost: PostWebhook = (request) => {
    attempts += 1;
    return postPinned(request);
  };
  const { sender } = makeSender(r, { timeoutMs: 100, maxAttempts: 2, concurrency: 100, post: countingPost });
  const started = performance.now();
  for (let i = 0; i < 100; i++) sender.enqueue({ url: r.url, body: { i } });
  expect(performance.now() - started).toBeLessThan(50);
  expect(sender.stats()).toMatchObject({ queued: 100, inFlight: 0 });

  await within(sender.drain(), 5000);
  // Counted at the client: under load some attempts are cut before the receiver sees them.
  expect(attempts).toBe(200);
  expect(sender.stats()).toEqual({
    queued: 0,
    inFlight: 0,
    delivered: 0,
    failed: 100,
    dropped: 0,
    refused: 0,
  });
});

test('cuts an attempt to a receiver that never answers after timeoutMs, then retries', T, async () => {
  const r = await startReceiver(hang);
  const calls: number[] = [];
  const timedPost: PostWebhook = (request) => {
    calls.push(performance.now());
    return postPinned(request);
  };
  const { sender, logs } = makeSender(r, { timeoutMs: 300, maxAttempts: 2, post: timedPost });
  sender.enqueue({ url: r.url, body: {}, id: 'slow' });
  await within(sender.drain(), 3000);

  expect(r.received.map((req) => req.headers['webhook-id'])).toEqual(['slow', 'slow']);
  // The second attempt starts only once the first has waited out its 300 ms.
  expect(calls).toHaveLength(2);
  expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(290);
  expect(sender.stats()).toMatchObject({ delivered: 0, failed: 1 });
  const warning = logs().find((line) => line.msg === 'webhook delivery failed, giving up');
  expect(warning).toMatchObject({ attempts: 2, error: expect.stringMatching(/timeout/i) as unknown });
});

test.each([400, 404, 302])('does not retry a %i answer', async (code) => {
  const r = await startReceiver(status(code, { location: '/elsewhere' }));
  const { sender, logs } = makeSender(r);
  sender.enqueue({ url: `${r.url}/hook`, body: {} });
  await within(sender.drain(), 3000);

  expect(r.received.map((req) => req.path)).toEqual(['/hook']);
  expect(sender.stats()).toMatchObject({ delivered: 0, failed: 1 });
  expect(logs().find((line) => line.msg === 'webhook delivery failed, giving up')).toMatchObject({
    attempts: 1,
    error: `HTTP ${code}`,
  });
});

test('keeps at most maxQueued deliveries waiting and drops the oldest beyond it', T, async () => {
  const r = await startReceiver(hang);
  const { sender, logs } = makeSender(r, { concurrency: 1, maxQueued: 5, timeoutMs: 300 });
  let maxQueued = 0;
  for (let i = 0; i < 15; i++) {
    sender.enqueue({ url: r.url, body: { i }, id: `d${i}` });
    maxQueued = Math.max(maxQueued, sender.stats().queued);
  }
  expect(maxQueued).toBe(5);
  expect(sender.stats()).toMatchObject({ queued: 5, dropped: 10 });
  const dropped = logs().filter((line) => line.msg === 'webhook queue full, oldest delivery dropped');
  expect(dropped.map((line) => line.deliveryId)).toEqual([
    'd0',
    'd1',
    'd2',
    'd3',
    'd4',
    'd5',
    'd6',
    'd7',
    'd8',
    'd9',
  ]);

  await until(() => r.received.length === 1);
  expect(r.received[0]?.headers['webhook-id']).toBe('d10');
  expect(sender.stats()).toMatchObject({ queued: 4, inFlight: 1 });
});

test('waits the retry-after seconds of a 429 before the next attempt', T, async () => {
  const r = await startReceiver((res, n) =>
    n === 0 ? status(429, { 'retry-after': '1' })(res) : status(200)(res),
  );
  const { sender } = makeSender(r, { maxDelayMs: 5000 });
  sender.enqueue({ url: r.url, body: {} });
  await within(sender.drain(), 5000);

  expect(r.received).toHaveLength(2);
  const gap = r.received[1]!.at - r.received[0]!.at;
  // Without retry-after the wait would be baseDelayMs (10 ms).
  expect(gap).toBeGreaterThanOrEqual(950);
  expect(gap).toBeLessThan(2500);
  expect(sender.stats()).toMatchObject({ delivered: 1 });
});

test('caps a retry-after longer than maxDelayMs', T, async () => {
  const r = await startReceiver((res, n) =>
    n === 0 ? status(503, { 'retry-after': '3600' })(res) : status(200)(res),
  );
  const { sender } = makeSender(r, { maxDelayMs: 50 });
  sender.enqueue({ url: r.url, body: {} });
  await within(sender.drain(), 3000);

  expect(r.received).toHaveLength(2);
  expect(r.received[1]!.at - r.received[0]!.at).toBeLessThan(1000);
});

test('close drops a pending retry at once, and later deliveries, without another attempt', T, async () => {
  const r = await startReceiver(status(500));
  const { sender } = makeSender(r, { baseDelayMs: 60_000, maxDelayMs: 60_000 });
  sender.enqueue({ url: r.url, body: {} });
  await until(() => r.received.length === 1 && sender.stats().inFlight === 0);
  expect(sender.stats()).toMatchObject({ queued: 1, failed: 0, dropped: 0 });

  const started = performance.now();
  await within(sender.close(), 1000);
  expect(performance.now() - started).toBeLessThan(500);
  sender.enqueue({ url: r.url, body: {} });
  // Counted as dropped at once, with nothing queued or in flight: no attempt can follow.
  expect(sender.stats()).toEqual({ queued: 0, inFlight: 0, delivered: 0, failed: 0, dropped: 2, refused: 0 });
  expect(r.received).toHaveLength(1);
});

test(
  'never throws or rejects: bad input fails at enqueue, a throwing client is retried then failed',
  T,
  async () => {
    let calls = 0;
    const { sender } = makeSender(null, {
      maxAttempts: 2,
      allowedHosts: ['127.0.0.1:9'],
      post: () => {
        calls += 1;
        throw new Error('boom');
      },
    });
    sender.enqueue({ url: 'not a url', body: {} });
    sender.enqueue({ url: 'ftp://127.0.0.1/x', body: {} });
    sender.enqueue({ url: 'http://127.0.0.1:9/x', body: { n: 1n } });
    sender.enqueue({ url: 'http://127.0.0.1:9/x', body: {}, event: 'bad\nevent' });
    expect(sender.stats()).toMatchObject({ queued: 0, failed: 4 });

    sender.enqueue({ url: 'http://127.0.0.1:9/x', body: {} });
    await within(sender.drain(), 3000);
    expect(calls).toBe(2);
    expect(sender.stats()).toEqual({
      queued: 0,
      inFlight: 0,
      delivered: 0,
      failed: 5,
      dropped: 0,
      refused: 0,
    });
  },
);
