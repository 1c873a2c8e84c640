// A loopback Helix server answers Get Streams with the recorded
// test/fixtures/real/twitch-helix/twitch_api-rs-get_streams-2.json (SOURCES.md row "twitch-helix/":
// twitch-rs/twitch_api @6f98d0a32e1d, MIT/Apache-2.0), then with an empty list when the stream ends.
// Chat goes to the loopback IRC server of test/support/irc-server.ts.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import type { LiveEvent } from '../../../src/core/live-event.js';
import { OfflineError, type Connector, type ConnectorTarget } from '../../../src/ingest/connector.js';
import { createTwitchConnectorFactory } from '../../../src/ingest/twitch/twitch.connector.js';
import { startIrcServer, type IrcTestServer } from '../../support/irc-server.js';

const LIVE_BODY = readFileSync(
  new URL('../../fixtures/real/twitch-helix/twitch_api-rs-get_streams-2.json', import.meta.url),
  'utf8',
);
const OFFLINE_BODY = JSON.stringify({ data: [], pagination: {} });
const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const target: ConnectorTarget = {
  profile: 'main',
  stream: {
    id: 'twitch-main',
    platform: 'twitch',
    channel: 'sandysanderman',
    enabled: true,
    recording: false,
    created_at: T0,
  },
};

interface HelixStub {
  url: string;
  requests: IncomingMessage[];
  /** Bodies served in order; the last one repeats. */
  bodies: string[];
  close(): Promise<void>;
}

async function startHelix(bodies: string[]): Promise<HelixStub> {
  const requests: IncomingMessage[] = [];
  const stub = { bodies } as HelixStub;
  const server: Server = createServer((req, res) => {
    requests.push(req);
    const body = stub.bodies.length > 1 ? stub.bodies.shift()! : stub.bodies[0]!;
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}/helix`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let helix: HelixStub | undefined;
let irc: IrcTestServer | undefined;
let connector: Connector | undefined;

afterEach(async () => {
  await connector?.disconnect();
  await irc?.close();
  await helix?.close();
  connector = helix = irc = undefined;
});

function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (check()) resolve();
      else if (Date.now() - started > ms) reject(new Error(`timed out waiting for ${what}`));
      else return;
      clearInterval(poll);
    }, 5);
  });
}

describe('TwitchConnector with Helix', () => {
  test('polls viewers while live, then ends the stream and closes as offline', async () => {
    helix = await startHelix([LIVE_BODY, LIVE_BODY, OFFLINE_BODY]);
    irc = await startIrcServer();
    const factory = createTwitchConnectorFactory({
      ircUrl: irc.url,
      clientId: 'cid',
      token: 'tok',
      helixUrl: helix.url,
      pollMs: 20,
    });
    connector = factory(target, { logger: pino({ level: 'silent' }), now: () => T0 });
    const events: LiveEvent[] = [];
    const closed: { offline: boolean; error?: Error }[] = [];
    await connector.connect({
      events: (batch) => events.push(...batch),
      closed: (outcome) => closed.push(outcome),
    });
    await until(() => closed.length > 0, 'closed');

    expect(events.map((e) => [e.kind, e.count])).toEqual([
      ['stream_start', 1],
      ['viewers', 78365],
      ['viewers', 78365],
      ['stream_end', 1],
    ]);
    expect(events[0]?.id).toBe('twitch-stream-123456789-start');
    expect(closed).toEqual([{ offline: true }]);
    const first = helix.requests[0]!;
    expect(first.url).toBe('/helix/streams?user_login=sandysanderman');
    expect(first.headers['client-id']).toBe('cid');
    expect(first.headers.authorization).toBe('Bearer tok');
    await until(() => irc!.clientCount() === 0, 'the chat client to leave');
  });

  test('rejects connect with OfflineError and opens no chat when the channel is not live', async () => {
    helix = await startHelix([OFFLINE_BODY]);
    irc = await startIrcServer();
    const factory = createTwitchConnectorFactory({
      ircUrl: irc.url,
      clientId: 'cid',
      token: 'tok',
      helixUrl: helix.url,
    });
    connector = factory(target, { logger: pino({ level: 'silent' }), now: () => T0 });
    await expect(connector.connect({ events: () => {}, closed: () => {} })).rejects.toBeInstanceOf(
      OfflineError,
    );
    expect(irc.received).toEqual([]);
  });
});
