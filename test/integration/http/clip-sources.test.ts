// The clip source routes over real services, with the profile's Discord bot logging in to a
// loopback Discord (test/support/discord-gateway-server.ts).
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { DiscordGatewayServer } from '../../support/discord-gateway-server.js';
import { createLogin } from '../../support/test-login.js';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.loopback-token-of-the-clip-bot';
const GUILD = '278325129692446720';
const CLIPS = '290926798999357250';

let t: TestApp;
let discord: DiscordGatewayServer;
beforeAll(async () => {
  discord = await DiscordGatewayServer.start({
    tokens: [TOKEN],
    guilds: [{ id: GUILD, name: 'Clip Club', channels: [{ id: CLIPS, name: 'clips' }] }],
  });
  t = await createTestApp({ STREAMPULSE_DISCORD_API_URL: discord.apiUrl });
  await createProfileWithStream(t.app, 'p', { id: 's', platform: 'custom', channel: 's' });
});
afterAll(async () => {
  await t.close();
  await discord.close();
});

const path = '/api/profiles/p/clip-sources/discord';
const put = (payload: Record<string, unknown>) => t.app.inject({ method: 'PUT', url: path, payload });
const get = () => t.app.inject({ method: 'GET', url: path });
const sources = async () =>
  (await t.app.inject({ method: 'GET', url: '/api/profiles/p/clip-sources' })).json();
const stored = async () => (await t.services.engine.system.getSettings('p')).discord_clips;

test('the clip sources of a profile show its Discord bot: stopped without a token, running once one is set', async () => {
  expect(await sources()).toEqual({
    sources: [
      {
        kind: 'discord',
        stream: null,
        state: 'stopped',
        since: expect.any(String),
        failures: 0,
        last_error: null,
        next_attempt_at: null,
        detail: 'no bot token set',
      },
    ],
  });
  expect((await put({ token: TOKEN, channel_ids: [CLIPS] })).statusCode).toBe(200);
  await vi.waitFor(async () => expect((await sources()).sources[0].state).toBe('running'), {
    timeout: 15_000,
  });
  expect((await sources()).sources[0]).toMatchObject({
    kind: 'discord',
    failures: 0,
    detail: 'watching 1 channel, 0 shares recorded',
  });
  expect(discord.readyConnections).toBe(1);
  const missing = await t.app.inject({ method: 'GET', url: '/api/profiles/nope/clip-sources' });
  expect(missing.statusCode).toBe(404);
});

test('the bot token is never answered, by the settings nor by the audit trail: only whether one is set', async () => {
  const saved = await put({ token: TOKEN, channel_ids: [CLIPS] });
  expect(saved.json()).toEqual({ token_set: true, channel_ids: [CLIPS] });
  const read = await get();
  expect(read.json()).toEqual({ token_set: true, channel_ids: [CLIPS] });
  const audit = await t.app.inject({ method: 'GET', url: '/api/profiles/p/audit' });
  expect(audit.statusCode).toBe(200);
  expect(audit.body).toContain('clip-sources/discord');
  expect(saved.body + read.body + audit.body + JSON.stringify(await sources())).not.toContain(TOKEN);
  expect(await stored()).toEqual({ token: TOKEN, channel_ids: [CLIPS] });
});

test('a PUT without a token keeps the stored one; null removes it and stops the bot', async () => {
  await put({ token: TOKEN, channel_ids: [CLIPS] });
  const kept = await put({ channel_ids: [] });
  expect(kept.json()).toEqual({ token_set: true, channel_ids: [] });
  expect(await stored()).toEqual({ token: TOKEN, channel_ids: [] });
  await vi.waitFor(async () => expect((await sources()).sources[0].state).toBe('running'), {
    timeout: 15_000,
  });
  expect((await sources()).sources[0].detail).toBe('watching every channel of 1 server, 0 shares recorded');

  const removed = await put({ token: null, channel_ids: [CLIPS] });
  expect(removed.json()).toEqual({ token_set: false, channel_ids: [CLIPS] });
  expect(await stored()).toEqual({ channel_ids: [CLIPS] });
  expect((await sources()).sources[0]).toMatchObject({ state: 'stopped', detail: 'no bot token set' });
  await vi.waitFor(() => expect(discord.readyConnections).toBe(0));
});

test('invalid settings are refused with 400 listing every problem, and nothing is stored', async () => {
  await put({ token: null, channel_ids: [CLIPS] });
  const refused = await put({
    token: 'Bot not a token',
    channel_ids: ['12345', 'general', CLIPS],
    enabled: true,
  });
  expect(refused.statusCode).toBe(400);
  const { error } = refused.json();
  expect(error.code).toBe('VALIDATION_FAILED');
  const fields = (error.details as { field: string }[]).map((d) => d.field);
  expect(fields).toEqual(expect.arrayContaining(['body.token', 'body.channel_ids.0', 'body.channel_ids.1']));
  expect(JSON.stringify(error.details)).toContain('enabled');
  expect(refused.body).not.toContain('not a token');

  const twice = await put({ channel_ids: [CLIPS, CLIPS] });
  expect(twice.statusCode).toBe(400);
  expect(twice.json().error.details).toEqual([
    { field: 'body.channel_ids', message: 'must not name a channel twice' },
  ]);
  const tooMany = await put({
    channel_ids: Array.from({ length: 101 }, (_, i) => String(290926798999357250n + BigInt(i))),
  });
  expect(tooMany.statusCode).toBe(400);
  expect(await stored()).toEqual({ channel_ids: [CLIPS] });
});

test('a viewer of the profile reads the clip sources but may not change them', async () => {
  const viewer = await createLogin(t.services.accounts, 'viewer');
  const added = await t.app.inject({
    method: 'PUT',
    url: '/api/profiles/p/members/viewer',
    payload: { role: 'viewer' },
  });
  expect(added.statusCode).toBe(200);
  const as = (method: 'GET' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    t.anonymous({ method, url, payload, headers: viewer });
  expect((await as('GET', '/api/profiles/p/clip-sources')).statusCode).toBe(200);
  expect((await as('GET', path)).json()).toEqual({ token_set: false, channel_ids: [CLIPS] });
  expect((await as('PUT', path, { token: TOKEN, channel_ids: [] })).statusCode).toBe(403);
  expect(await stored()).toEqual({ channel_ids: [CLIPS] });
});
