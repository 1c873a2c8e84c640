// Connecting a Twitch stream through the API, end to end: the real server, the supervisor, the
// real tmi.js client and a loopback chat server. The chat lines are real ones from
// test/fixtures/real/go-twitch-irc/channel-xqcow-2019-09-15.irc.txt (SOURCES.md row
// "go-twitch-irc/", gempir/go-twitch-irc @419fb617f28b, MIT), moved to our channel.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { startIrcServer, type IrcTestServer } from '../../support/irc-server.js';
import { api, connect, recordAll, startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const CHANNEL = 'spchan';

/** The first `n` plain chat lines (no bits) of the recorded channel, addressed to #spchan. */
function chatLines(n: number): string[] {
  const text = readFileSync(
    new URL('../../fixtures/real/go-twitch-irc/channel-xqcow-2019-09-15.irc.txt', import.meta.url),
    'utf8',
  );
  return text
    .split(/\r?\n/)
    .filter((l) => / PRIVMSG #\S+ :/.test(l) && !/(^|;)bits=/.test(l))
    .slice(0, n)
    .map((l) => l.replace(/ PRIVMSG #\S+ :/, ` PRIVMSG #${CHANNEL} :`));
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

let irc: IrcTestServer;
let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;

const status = async (stream = 'tw') =>
  (
    (await (await api(server.url, 'GET', '/api/profiles/p/connectors')).json()) as {
      connectors: { stream: string; state: string; failures: number; last_error: unknown }[];
    }
  ).connectors.find((c) => c.stream === stream)!;
const comments = async () =>
  (
    (await (await api(server.url, 'GET', '/api/profiles/p/stats')).json()) as {
      combined: { comments: number };
    }
  ).combined.comments;

beforeAll(async () => {
  irc = await startIrcServer();
  temp = makeTempDir();
  server = await startLiveServer(temp.dir, { STREAMPULSE_TWITCH_IRC_URL: irc.url });
  await api(server.url, 'POST', '/api/profiles', { id: 'p', name: 'p' });
  await api(server.url, 'POST', '/api/profiles/p/streams', {
    id: 'tw',
    platform: 'twitch',
    channel: `#${CHANNEL}`,
  });
  await api(server.url, 'POST', '/api/profiles/p/streams', { id: 'own', platform: 'custom', channel: 'own' });
});

afterAll(async () => {
  await server.close();
  await irc.close();
  temp.remove();
});

describe('connecting a stream', () => {
  test('connects, stores what the channel says, and pushes the status live', async () => {
    const socket = connect(server.url, 'p');
    const seen = recordAll(socket);
    await new Promise<void>((resolve) => socket.once('stats', () => resolve()));
    const res = await api(server.url, 'POST', '/api/profiles/p/streams/tw/connect');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { state: string }).state).toBe('connecting');
    await irc.waitForJoin(`#${CHANNEL}`);
    expect((await until(status, (s) => s.state === 'live')).state).toBe('live');
    const lines = chatLines(120);
    irc.send(lines, 10);
    expect(await until(comments, (n) => n >= 120)).toBe(120);
    const pushed = (seen.get('connector_status') ?? []) as {
      profile: string;
      stream: string;
      state: string;
    }[];
    expect(pushed.map((s) => s.state)).toEqual(['connecting', 'live']);
    expect(pushed.every((s) => s.profile === 'p' && s.stream === 'tw')).toBe(true);
    const stream = (await (await api(server.url, 'GET', '/api/profiles/p/streams/tw')).json()) as {
      enabled: boolean;
    };
    expect(stream.enabled).toBe(true);
    socket.close();
  });

  test('reconnects by itself when the link drops, and hears the channel again', async () => {
    const before = await comments();
    irc.dropClients();
    const failed = await until(status, (s) => s.state !== 'live', 5000);
    expect(failed.state === 'error' || failed.state === 'connecting').toBe(true);
    expect((await until(status, (s) => s.state === 'live', 10_000)).state).toBe('live');
    await until(
      () => Promise.resolve(irc.clientCount()),
      (n) => n === 1,
    );
    irc.send(chatLines(130).slice(120));
    expect(await until(comments, (n) => n >= before + 10)).toBe(before + 10);
  });

  test('refuses to connect a custom stream, which the push API feeds', async () => {
    const res = await api(server.url, 'POST', '/api/profiles/p/streams/own/connect');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CONNECTOR_UNSUPPORTED');
  });

  test('an enabled stream connects again when the server restarts; disconnect stops it for good', async () => {
    await server.close();
    server = await startLiveServer(temp.dir, { STREAMPULSE_TWITCH_IRC_URL: irc.url });
    expect((await until(status, (s) => s.state === 'live')).state).toBe('live');
    const res = await api(server.url, 'POST', '/api/profiles/p/streams/tw/disconnect');
    expect(((await res.json()) as { state: string }).state).toBe('stopped');
    await until(
      () => Promise.resolve(irc.clientCount()),
      (n) => n === 0,
    );
    expect(irc.clientCount()).toBe(0);
    // Another stream, left connected, is started in the same step of the next start as this one
    // would be: once it is live again, this one would have been started too.
    await api(server.url, 'POST', '/api/profiles/p/streams', {
      id: 'marker',
      platform: 'twitch',
      channel: '#spmarker',
    });
    expect((await api(server.url, 'POST', '/api/profiles/p/streams/marker/connect')).status).toBe(200);
    await irc.waitForJoin('#spmarker');
    await server.close();
    const joins = () => irc.received.filter((line) => line === `JOIN #${CHANNEL}`).length;
    const joinsBefore = joins();
    server = await startLiveServer(temp.dir, { STREAMPULSE_TWITCH_IRC_URL: irc.url });
    expect(
      (
        await until(
          () => status('marker'),
          (s) => s.state === 'live',
        )
      ).state,
    ).toBe('live');
    expect((await status()).state).toBe('stopped');
    expect(joins()).toBe(joinsBefore);
  });
});
