import diagnostics from 'node:diagnostics_channel';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { pino } from 'pino';
import { afterEach, expect, test } from 'vitest';
import { TriggerWebhooks } from '../../../src/live/trigger-webhooks.js';
import { WebhookSender, type WebhookSenderOptions } from '../../../src/live/webhook-sender.js';
import type { ResolveHost, ResolvedAddress } from '../../../src/live/webhook-target.js';
import { pinnedLookup, type PinnedRequest } from '../../../src/live/webhook-transport.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Every client socket this process opens from now on (Node's `net.client.socket` channel), and
 * the remote address of each one that connected.
 */
function recordClientSockets(): { sockets: Socket[]; connectedTo: string[] } {
  const sockets: Socket[] = [];
  const connectedTo: string[] = [];
  const record = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    sockets.push(socket);
    socket.once('connect', () => connectedTo.push(socket.remoteAddress ?? '?'));
  };
  diagnostics.subscribe('net.client.socket', record);
  cleanups.push(() => void diagnostics.unsubscribe('net.client.socket', record));
  return { sockets, connectedTo };
}

/** A TCP listener that records the address of every connection it gets, and answers nothing. */
async function startListener(host = '127.0.0.1', port = 0) {
  const connections: string[] = [];
  const server = createServer((socket) => {
    connections.push(socket.remoteAddress ?? '?');
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, connections };
}

/** An HTTP receiver answering 200, recording the local address each request came in on. */
async function startReceiver(host: string, port = 0) {
  const received: { localAddress: string; headers: IncomingHttpHeaders; path: string }[] = [];
  const server = createHttpServer((req, res) => {
    received.push({
      localAddress: req.socket.localAddress ?? '?',
      headers: req.headers,
      path: req.url ?? '',
    });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as AddressInfo).port, received };
}

function makeSender(options: Partial<WebhookSenderOptions> = {}) {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  const sender = new WebhookSender({ logger, baseDelayMs: 0, maxDelayMs: 0, timeoutMs: 2000, ...options });
  cleanups.push(() => sender.close());
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { sender, logs, rawLogs: () => lines.join('') };
}

/** A resolver that answers from a table and counts its calls; names not in it do not resolve. */
function stubResolver(table: Record<string, string[] | (() => string[])>) {
  const calls: string[] = [];
  const resolve: ResolveHost = (hostname) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (entry === undefined) return Promise.reject(new Error(`getaddrinfo ENOTFOUND ${hostname}`));
    const addresses = typeof entry === 'function' ? entry() : entry;
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  return { resolve, calls };
}

const T = { timeout: 10_000 };

test(
  'never connects to an IP literal in a refused range: loopback, the metadata address, the local Redis port',
  T,
  async () => {
    const { sockets } = recordClientSockets();
    const listener = await startListener();
    const { sender, logs } = makeSender();
    const urls = [
      `http://127.0.0.1:${listener.port}/hook`,
      `http://[::ffff:127.0.0.1]:${listener.port}/hook`,
      `http://0.0.0.0:${listener.port}/hook`,
      `http://[::1]:${listener.port}/hook`,
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://127.0.0.1:6379/',
      'http://10.0.0.1/hook',
    ];
    for (const [i, url] of urls.entries()) sender.enqueue({ url, body: { i }, id: `d${i}` });
    await sender.drain();

    expect(sender.stats()).toEqual({
      queued: 0,
      inFlight: 0,
      delivered: 0,
      failed: 0,
      dropped: 0,
      refused: urls.length,
    });
    expect(listener.connections).toEqual([]);
    expect(sockets).toEqual([]);
    const refused = logs().filter((line) => line.msg === 'webhook target refused, not sent');
    expect(refused.map((line) => [line.deliveryId, line.attempts, line.reason])).toEqual([
      ['d0', 1, '127.0.0.1 is a loopback address'],
      ['d1', 1, '::ffff:7f00:1 is a loopback address'],
      ['d2', 1, '0.0.0.0 is an unspecified address'],
      ['d3', 1, '::1 is a loopback address'],
      ['d4', 1, '169.254.169.254 is a link-local address'],
      ['d5', 1, 'fd00:ec2::254 is a private address'],
      ['d6', 1, '127.0.0.1 is a loopback address'],
      ['d7', 1, '10.0.0.1 is a private address'],
    ]);
  },
);

test('never connects to a name that is, or resolves to, a refused address', T, async () => {
  const { sockets } = recordClientSockets();
  const listener = await startListener();
  const dns = stubResolver({
    'hooks.example.com': ['127.0.0.1'],
    'mixed.example.com': ['93.184.215.14', '10.1.2.3'],
    'meta.example.com': ['169.254.169.254'],
    'mapped.example.com': ['::ffff:127.0.0.1'],
  });
  const { sender, logs } = makeSender({ resolve: dns.resolve });
  const urls = [
    `http://localhost:${listener.port}/hook`,
    `http://hooks.example.com:${listener.port}/hook`,
    'http://hooks.example.com:6379/',
    'https://mixed.example.com/hook',
    'http://meta.example.com/latest/meta-data/',
    `http://mapped.example.com:${listener.port}/`,
    'http://metadata.google.internal/computeMetadata/v1/',
  ];
  for (const url of urls) sender.enqueue({ url, body: {} });
  await sender.drain();

  expect(sender.stats()).toMatchObject({ delivered: 0, failed: 0, refused: urls.length });
  expect(listener.connections).toEqual([]);
  expect(sockets).toEqual([]);
  // localhost and the metadata name are refused by name, before any resolution.
  expect(dns.calls).toEqual([
    'hooks.example.com',
    'hooks.example.com',
    'mixed.example.com',
    'meta.example.com',
    'mapped.example.com',
  ]);
  // Sorted: a refusal by name ends before one that waits on a resolution.
  expect(
    logs()
      .map((line) => line.reason)
      .sort(),
  ).toEqual(
    [
      'localhost is a local or cloud metadata host name',
      'hooks.example.com resolves to 127.0.0.1, a loopback address',
      'hooks.example.com resolves to 127.0.0.1, a loopback address',
      'mixed.example.com resolves to 10.1.2.3, a private address',
      'meta.example.com resolves to 169.254.169.254, a link-local address',
      'mapped.example.com resolves to ::ffff:127.0.0.1, a loopback address',
      'metadata.google.internal is a local or cloud metadata host name',
    ].sort(),
  );
});

test('connects to exactly the address the check saw: a later DNS answer is not used for it', T, async () => {
  const { connectedTo } = recordClientSockets();
  // Two receivers on one port: 127.0.0.2 is what the check sees, 127.0.0.1 what a second lookup
  // would answer (a rebinding DNS server).
  const vetted = await startReceiver('127.0.0.2');
  const rebound = await startReceiver('127.0.0.1', vetted.port);
  let answer = '127.0.0.2';
  const dns = stubResolver({ 'rebind.example.com': () => [answer] });
  const { sender } = makeSender({
    resolve: (hostname) =>
      dns.resolve(hostname).finally(() => {
        answer = '127.0.0.1';
      }),
    allowedHosts: [`rebind.example.com:${vetted.port}`],
  });
  sender.enqueue({ url: `http://rebind.example.com:${vetted.port}/hook?x=1`, body: {}, id: 'once' });
  await sender.drain();

  expect(dns.calls).toEqual(['rebind.example.com']);
  expect(vetted.received).toEqual([
    {
      localAddress: '127.0.0.2',
      path: '/hook?x=1',
      headers: expect.objectContaining({ host: `rebind.example.com:${vetted.port}`, 'webhook-id': 'once' }),
    },
  ]);
  expect(rebound.received).toEqual([]);
  expect(connectedTo).toEqual(['127.0.0.2']);

  // The next delivery is checked again, against the answer of its own time.
  sender.enqueue({ url: `http://rebind.example.com:${vetted.port}/hook`, body: {}, id: 'twice' });
  await sender.drain();
  expect(dns.calls).toHaveLength(2);
  expect(rebound.received.map((r) => r.headers['webhook-id'])).toEqual(['twice']);
  expect(sender.stats()).toMatchObject({ delivered: 2, refused: 0 });
});

test('the request goes to the vetted public address and nowhere a second resolution points', T, async () => {
  const sent: PinnedRequest[] = [];
  let lookups = 0;
  const { sender } = makeSender({
    resolve: () => Promise.resolve((lookups++ === 0 ? ['93.184.215.14'] : ['127.0.0.1']).map(v4)),
    // Stands in for the network: records what would be connected to.
    post: (request) => {
      sent.push(request);
      return Promise.resolve({ status: 204, retryAfter: null });
    },
  });
  sender.enqueue({ url: 'https://hooks.example.com/clip', body: {} });
  await sender.drain();

  expect(lookups).toBe(1);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.addresses).toEqual([v4('93.184.215.14')]);
  // Whatever name the connection asks for, the pinned lookup answers the vetted address.
  const lookup = pinnedLookup(sent[0]!.addresses);
  const one = await new Promise<unknown[]>((resolve) =>
    lookup('hooks.example.com', {}, (...args) => resolve(args)),
  );
  expect(one).toEqual([null, '93.184.215.14', 4]);
  const all = await new Promise<unknown[]>((resolve) =>
    lookup('hooks.example.com', { all: true }, (...args) => resolve(args)),
  );
  expect(all).toEqual([null, [{ address: '93.184.215.14', family: 4 }]]);
  expect(sender.stats()).toMatchObject({ delivered: 1 });
});

function v4(address: string): ResolvedAddress {
  return { address, family: 4 };
}

test('an allowed host name is resolved by the system and reached on loopback', T, async () => {
  const receiver = await startReceiver('127.0.0.1');
  const { sender } = makeSender({ allowedHosts: ['localhost'] });
  sender.enqueue({ url: `http://localhost:${receiver.port}/hook`, body: {} });
  await sender.drain();

  expect(sender.stats()).toMatchObject({ delivered: 1, refused: 0 });
  expect(receiver.received[0]?.headers.host).toBe(`localhost:${receiver.port}`);
});

test('a URL with credentials is refused even on an allowed host, and they are never logged', T, async () => {
  const listener = await startListener();
  const { sender, rawLogs } = makeSender({ allowedHosts: [`127.0.0.1:${listener.port}`] });
  sender.enqueue({ url: `http://admin:hunter22@127.0.0.1:${listener.port}/hook`, body: {} });
  await sender.drain();

  expect(sender.stats()).toMatchObject({ refused: 1, delivered: 0, failed: 0 });
  expect(listener.connections).toEqual([]);
  expect(rawLogs()).toContain('the URL holds credentials');
  expect(rawLogs()).not.toContain('hunter22');
  expect(rawLogs()).not.toContain('admin');
});

test('a name that does not resolve is retried like a network failure, then given up', T, async () => {
  const dns = stubResolver({});
  const { sender, logs } = makeSender({ resolve: dns.resolve, maxAttempts: 3 });
  sender.enqueue({ url: 'https://nowhere.example.com/hook', body: {} });
  await sender.drain();

  expect(dns.calls).toHaveLength(3);
  expect(sender.stats()).toMatchObject({ failed: 1, refused: 0 });
  expect(logs().find((line) => line.msg === 'webhook delivery failed, giving up')).toMatchObject({
    attempts: 3,
    error: 'getaddrinfo ENOTFOUND nowhere.example.com',
  });
});

test('trigger webhooks saved before the check are refused when sent', T, async () => {
  const listener = await startListener();
  const webhooks = new TriggerWebhooks(
    () =>
      Promise.resolve({
        webhook: { url: `http://127.0.0.1:${listener.port}/hook`, secret: 'a-long-secret' },
      }),
    pino({ level: 'silent' }),
  );
  cleanups.push(() => webhooks.close());
  const trigger = {
    seq: 7,
    streamer: 's',
    type: 'viewers_spike',
    details: {},
    timestamp: new Date().toISOString(),
  };
  webhooks.deliver('p', [trigger]);
  await expect.poll(() => webhooks.stats().refused).toBe(1);
  await webhooks.drain();

  expect(webhooks.stats()).toMatchObject({ delivered: 0, failed: 0, refused: 1 });
  expect(listener.connections).toEqual([]);
});
