// Replays real recorded Twitch chat through the real tmi.js client inside TwitchConnector.
// Fixtures (see test/fixtures/real/SOURCES.md, one row each):
// - twitch-irc-rs/test-lines.irc.txt          row "twitch-irc-rs/"  (robotty/twitch-irc-rs @3a6a9c882f99, MIT)
// - dank-twitch-irc/spec-lines.irc.txt        row "dank-twitch-irc/" (robotty/dank-twitch-irc @2d8107fdba17, MIT)
// - tmijs/test-events.irc.txt                 row "tmijs/"           (tmijs/tmi.js @3904ae743a12, MIT)
// - go-twitch-irc/channel-xqcow-2019-09-15.irc.txt row "go-twitch-irc/" (gempir/go-twitch-irc @419fb617f28b, MIT)
//
// The fixtures mix channels (#pajlada, #forsen, #xqcow, ...) and connection-control lines. The
// replay keeps the lines a server sends to a joined anonymous client (PRIVMSG, USERNOTICE,
// CLEARCHAT, CLEARMSG, ROOMSTATE, NOTICE, USERSTATE, HOSTTARGET addressed to a #channel) and
// rewrites their channel to the joined one. Left out: PING/PONG, CAP, numerics, RECONNECT,
// GLOBALUSERSTATE, JOIN/PART, WHISPER, and malformed lines tmi.js throws on (PRIVMSG, NOTICE or
// HOSTTARGET without a trailing text).
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { parseEventBatch, type LiveEvent } from '../../../src/core/live-event.js';
import type { Connector, ConnectorHandlers, ConnectorTarget } from '../../../src/ingest/connector.js';
import { createTwitchConnectorFactory } from '../../../src/ingest/twitch/twitch.connector.js';
import { startIrcServer, type IrcTestServer } from '../../support/irc-server.js';

const CHANNEL = 'replaychan';
const STREAM = 'twitch-main';
const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const MARKER_ID = 'replay-end-marker';
const MARKER = `@id=${MARKER_ID};user-id=1 :marker!marker@marker.tmi.twitch.tv PRIVMSG #${CHANNEL} :end of replay`;
const REPLAYED = new Set([
  'PRIVMSG',
  'USERNOTICE',
  'CLEARCHAT',
  'CLEARMSG',
  'ROOMSTATE',
  'NOTICE',
  'USERSTATE',
  'HOSTTARGET',
]);
const NEEDS_TEXT = new Set(['PRIVMSG', 'NOTICE', 'HOSTTARGET']);
const ADDRESSED = /^((?:@\S+ )?:\S+ ([A-Z]+) )#\S+( :.*)?$/;

const FIXTURES = [
  'twitch-irc-rs/test-lines.irc.txt',
  'dank-twitch-irc/spec-lines.irc.txt',
  'tmijs/test-events.irc.txt',
  'go-twitch-irc/channel-xqcow-2019-09-15.irc.txt',
];

function readFixture(name: string): string[] {
  const text = readFileSync(new URL(`../../fixtures/real/${name}`, import.meta.url), 'utf8');
  return text.split(/\r?\n/);
}

/** The fixture lines a joined client would get, moved to #replaychan. */
function prepareReplay(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const m = ADDRESSED.exec(line);
    if (!m || !REPLAYED.has(m[2]!)) continue;
    if (NEEDS_TEXT.has(m[2]!) && m[3] === undefined) continue;
    out.push(
      line.replace(
        ADDRESSED,
        (_, head: string, _cmd: string, tail: string | undefined) => `${head}#${CHANNEL}${tail ?? ''}`,
      ),
    );
  }
  return out;
}

interface Expected {
  kinds: Record<string, number>;
  bits: number;
  subscriptions: number;
  raiders: number;
  ids: (string | undefined)[];
}

/** Counts, straight from the raw lines, what the connector should report. */
function classify(lines: readonly string[]): Expected {
  const expected: Expected = { kinds: {}, bits: 0, subscriptions: 0, raiders: 0, ids: [] };
  const openBundles = new Map<string, number>();
  const add = (kind: string, tags: Map<string, string>) => {
    expected.kinds[kind] = (expected.kinds[kind] ?? 0) + 1;
    expected.ids.push(tags.get('id') || undefined);
  };
  for (const line of lines) {
    const m = /^(?:@(\S+) )?:([^\s!]+)(!\S+)? (PRIVMSG|USERNOTICE) #(\S+)/.exec(line);
    if (!m || m[5] !== CHANNEL) continue;
    const tags = new Map(
      (m[1] ?? '').split(';').map((kv) => [kv.split('=')[0]!, kv.slice(kv.indexOf('=') + 1)]),
    );
    if (m[4] === 'PRIVMSG') {
      if (m[3] === undefined || m[2] === 'jtv') continue;
      const bits = Number(tags.get('bits') ?? 0);
      if (bits > 0) expected.bits += bits;
      add(bits > 0 ? 'cheer' : 'chat', tags);
      continue;
    }
    const msgId = tags.get('msg-id');
    const bundle = tags.get('msg-param-community-gift-id') || tags.get('msg-param-origin-id');
    if (msgId === 'sub' || msgId === 'resub') {
      expected.subscriptions += 1;
      add('subscribe', tags);
    } else if (msgId === 'submysterygift' || msgId === 'anonsubmysterygift') {
      const n = Number(tags.get('msg-param-mass-gift-count'));
      if (bundle) openBundles.set(bundle, n);
      expected.subscriptions += n;
      add('subscribe', tags);
    } else if (msgId === 'subgift' || msgId === 'anonsubgift') {
      const left = bundle ? (openBundles.get(bundle) ?? 0) : 0;
      if (left > 0) {
        openBundles.set(bundle!, left - 1);
        continue;
      }
      expected.subscriptions += 1;
      add('subscribe', tags);
    } else if (msgId === 'raid') {
      expected.raiders += Number(tags.get('msg-param-viewerCount'));
      add('raid', tags);
    }
  }
  return expected;
}

function summarise(events: readonly LiveEvent[]): Expected {
  const sum = (kind: string) => events.filter((e) => e.kind === kind).reduce((n, e) => n + e.count, 0);
  const kinds: Record<string, number> = {};
  for (const e of events) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
  return {
    kinds,
    bits: events.filter((e) => e.kind === 'cheer').reduce((n, e) => n + e.value, 0),
    subscriptions: sum('subscribe'),
    raiders: sum('raid'),
    ids: events.map((e) => e.id),
  };
}

const target: ConnectorTarget = {
  profile: 'main',
  stream: {
    id: STREAM,
    platform: 'twitch',
    channel: CHANNEL,
    enabled: true,
    recording: false,
    created_at: T0,
  },
};

let server: IrcTestServer | undefined;
let connector: Connector | undefined;

afterEach(async () => {
  await connector?.disconnect();
  await server?.close();
  connector = undefined;
  server = undefined;
});

/** Starts a server and a connected connector that records what it reports. */
async function connectRecorder() {
  server = await startIrcServer();
  const factory = createTwitchConnectorFactory({ ircUrl: server.url });
  connector = factory(target, { logger: pino({ level: 'silent' }), now: () => T0 });
  const events: LiveEvent[] = [];
  const closed: { offline: boolean; error?: Error }[] = [];
  let onMarker = () => {};
  const marker = new Promise<void>((resolve) => (onMarker = resolve));
  const handlers: ConnectorHandlers = {
    events(batch) {
      for (const e of batch) {
        if (e.id === MARKER_ID) onMarker();
        else events.push(e);
      }
    },
    closed: (outcome) => closed.push(outcome),
  };
  await connector.connect(handlers);
  return { server, events, closed, marker };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms),
    ),
  ]);
}

describe('TwitchConnector over a loopback chat server', () => {
  test('joins the channel anonymously as a justinfan without credentials', async () => {
    const { server } = await connectRecorder();
    expect(server.received).toContain(`JOIN #${CHANNEL}`);
    expect(server.received).toContain('PASS SCHMOOPIIE');
    expect(server.received.some((l) => /^NICK justinfan\d+$/.test(l))).toBe(true);
    expect(server.received.some((l) => l.startsWith('PASS oauth:'))).toBe(false);
  });

  test.each(FIXTURES)(
    'reports each chat, cheer, subscription and raid of %s exactly once',
    async (fixture) => {
      const replay = prepareReplay(readFixture(fixture));
      const expected = classify(replay);
      const { server, events, closed, marker } = await connectRecorder();
      server.send([...replay, MARKER]);
      await withTimeout(marker, 10_000, 'the end-of-replay marker');

      expect(summarise(events)).toEqual(expected);
      expect(events.every((e) => e.stream === STREAM && e.at === T0)).toBe(true);
      expect(parseEventBatch(events)).toMatchObject({ ok: true });
      expect(closed).toEqual([]);
    },
  );

  test('replays the busy xqcow channel as 4,932 chats, one cheer and nine subscriptions', async () => {
    // Independent figures from grep on the raw file: 4,933 PRIVMSG, 1 with bits, 9 sub/resub.
    const replay = prepareReplay(readFixture('go-twitch-irc/channel-xqcow-2019-09-15.irc.txt'));
    const { server, events, marker } = await connectRecorder();
    server.send([...replay, MARKER]);
    await withTimeout(marker, 10_000, 'the end-of-replay marker');
    const count = (kind: string) => events.filter((e) => e.kind === kind).length;
    expect(count('chat') + count('cheer')).toBe(4933);
    expect(count('cheer')).toBe(1);
    expect(count('subscribe')).toBe(9);
  });

  test('reports a lost link once through closed, with an error and offline false', async () => {
    const { server, closed } = await connectRecorder();
    server.dropClients();
    await withTimeout(
      new Promise<void>((resolve) => {
        const poll = setInterval(() => closed.length > 0 && (clearInterval(poll), resolve()), 10);
      }),
      5000,
      'closed',
    );
    expect(closed).toHaveLength(1);
    expect(closed[0]!.offline).toBe(false);
    expect(closed[0]!.error).toBeInstanceOf(Error);
  });

  test('disconnects cleanly without reporting closed and leaves no client on the server', async () => {
    const { server, closed } = await connectRecorder();
    await connector!.disconnect();
    await withTimeout(
      new Promise<void>((resolve) => {
        const poll = setInterval(() => server.clientCount() === 0 && (clearInterval(poll), resolve()), 10);
      }),
      5000,
      'the client to leave',
    );
    expect(closed).toEqual([]);
  });

  test('rejects connect with an Error when no chat server listens', async () => {
    const gone = await startIrcServer();
    const url = gone.url;
    await gone.close();
    const factory = createTwitchConnectorFactory({ ircUrl: url });
    connector = factory(target, { logger: pino({ level: 'silent' }), now: () => T0 });
    await expect(connector.connect({ events: () => {}, closed: () => {} })).rejects.toBeInstanceOf(Error);
  });
});
