// The clip bot's gateway against the Discord stand-in on loopback: a bot stopped while Discord has
// not yet answered its login. discord.js takes the aborted wait for a failure and logs in again
// half a second later; that connection must not outlive the stop.
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DiscordClipBot } from '../../../src/ingest/discord/discord-clip-bot.js';
import { DiscordLoginError } from '../../../src/ingest/discord/discord-login-error.js';
import { DiscordGatewayServer } from '../../support/discord-gateway-server.js';
import { eventually } from '../../support/live-server.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.stopped.login';
let server: DiscordGatewayServer;

beforeAll(async () => {
  server = await DiscordGatewayServer.start({
    tokens: [TOKEN],
    guilds: [
      {
        id: '1200000000000000001',
        name: 'Clip Club',
        channels: [{ id: '1300000000000000001', name: 'clips' }],
      },
    ],
  });
});
afterAll(async () => {
  await server.close();
});

function bot(): DiscordClipBot {
  return new DiscordClipBot({
    token: TOKEN,
    channelIds: [],
    apiUrl: server.apiUrl,
    // Never reached: the bot is stopped before it hears anything.
    store: () => Promise.reject(new Error('the bot wrote while logging in')),
    log: pino({ level: 'silent' }),
    now: () => Date.now(),
  });
}

const listener = { dropped: () => undefined, resumed: () => undefined, lost: () => undefined };

test('a bot stopped while Discord has not answered its login leaves no connection open, even once discord.js logs in again', async () => {
  const before = server.identifies;
  server.unansweredIdentifies = 1;
  const stopped = bot();
  const login = stopped.connect(listener).catch((err: unknown) => err);
  await eventually(() => expect(server.identifies).toBe(before + 1));
  await stopped.disconnect();
  const err = await login;
  expect(err).toBeInstanceOf(DiscordLoginError);
  expect((err as Error).message).toBe('stopped while logging in');
  // discord.js connects again on its own; that session is closed once Discord answers it.
  await eventually(() => expect(server.identifies).toBe(before + 2));
  await eventually(() => expect(server.readyConnectionsAfter(before)).toBe(0));
  await sleep(1_500);
  expect(server.identifies).toBe(before + 2);
  expect(server.readyConnectionsAfter(before)).toBe(0);
});

test('a bot logged in and stopped closes its connection for good', async () => {
  const before = server.identifies;
  const running = bot();
  await running.connect(listener);
  expect(server.readyConnectionsAfter(before)).toBe(1);
  await running.disconnect();
  await eventually(() => expect(server.readyConnectionsAfter(before)).toBe(0));
  await sleep(1_000);
  expect(server.identifies).toBe(before + 1);
});
