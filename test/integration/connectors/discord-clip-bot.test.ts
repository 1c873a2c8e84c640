// The Discord clip source with the real discord.js client against a loopback Discord
// (test/support/discord-gateway-server.ts), writing into real profile stores: an SQLite file and
// a PostgreSQL database. Messages are the documentation's examples with clip links in them;
// the other dispatches follow the documented shapes (test/fixtures/discord/SOURCES.md).
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { parseClipBatch } from '../../../src/core/clip-capture.js';
import type { ClipSourceStatusView } from '../../../src/core/clip-source-status.js';
import {
  DiscordClipSources,
  type DiscordClipSourcesDeps,
} from '../../../src/ingest/discord/discord-clip-sources.js';
import type { StoreEngine, StoredClip } from '../../../src/store/ports.js';
import { PostgresEngine } from '../../../src/store/postgres/postgres-engine.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { dispatchData, message, snowflake } from '../../support/discord-dispatches.js';
import { BOT_USER, DiscordGatewayServer } from '../../support/discord-gateway-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { makeTempDir } from '../../support/temp-dir.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.loopback-token-of-the-clip-bot';
const GUILD = '278325129692446720';
const CLIPS = '290926798999357250';
const OTHER = '290926798999357251';
const SLUG = 'AwkwardHelplessSalamanderSwiftRage';
const SHORT = 'dQw4w9WgXcQ';
const FAN = { id: '80351110224678912', username: 'Nelly' };
const MOD = { id: '80351110224678913', username: 'Mod' };

interface Harness {
  name: string;
  create(): Promise<StoreEngine>;
  cleanup(): Promise<void>;
}

let temp: ReturnType<typeof makeTempDir> | undefined;
let pgDb: TestDatabase | undefined;
const HARNESSES: Harness[] = [
  {
    name: 'sqlite',
    create() {
      temp = makeTempDir();
      return Promise.resolve(
        new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: 300_000 }),
      );
    },
    cleanup() {
      temp?.remove();
      return Promise.resolve();
    },
  },
  {
    name: 'postgres',
    async create() {
      pgDb ??= await createTestDatabase();
      await pgDb.reset();
      return PostgresEngine.open({ url: pgDb.url, poolSize: 4, sessionGapMs: 300_000 });
    },
    cleanup: () => Promise.resolve(),
  },
];
afterAll(async () => {
  await pgDb?.drop();
});

let server: DiscordGatewayServer;
let engine: StoreEngine;
let sources: DiscordClipSources;

/** A clip source over the engine, quick to retry. */
function createSources(overrides: Partial<DiscordClipSourcesDeps> = {}): DiscordClipSources {
  return new DiscordClipSources({
    profiles: { get: (p) => engine.system.getProfile(p) },
    system: engine.system,
    stores: engine,
    apiUrl: server.apiUrl,
    logger: pino({ level: process.env.DISCORD_TEST_LOG ?? 'silent' }),
    backoff: { baseMs: 50, maxMs: 200, offlineMs: 200 },
    tokenRetryMs: 60_000,
    resumeTimeoutMs: 5_000,
    ...overrides,
  });
}

/** Waits for `check` to pass: the machine may be busy, so generously. */
const eventually = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 15_000, interval: 20 });

const status = (): ClipSourceStatusView => sources.statuses('p')[0]!;

async function running(): Promise<void> {
  await eventually(() => expect(status().state).toBe('running'));
}

/** The clips as stored, after storing the ones linked so their Discord counts show. */
async function clips(): Promise<StoredClip[]> {
  const store = await engine.openProfile('p');
  const parsed = parseClipBatch(
    [`https://clips.twitch.tv/${SLUG}`, `https://youtube.com/shorts/${SHORT}`].map((url) => ({
      url,
      title: 'a clip',
      creator_name: 'BlackNova03',
      creator_id: '53834192',
      game_name: 'Just Chatting',
      created_at: '2026-11-19T22:34:18Z',
      view_count: 10,
    })),
  );
  if (!parsed.ok) throw new Error('bad capture');
  await store.upsertClips(
    parsed.clips.map((c) => ({ ...c, stream: null })),
    Date.now(),
  );
  return store.listClips(0, 10);
}

async function clip(id: string): Promise<StoredClip> {
  return (await clips()).find((c) => c.clip_id === id)!;
}

function post(content: string, parts: Partial<Parameters<typeof message>[0]> = {}): string {
  const id = parts.id ?? snowflake();
  const posted = message({ id, guild_id: GUILD, channel_id: CLIPS, content, author: FAN, ...parts });
  server.messages.set(id, posted);
  server.dispatch('MESSAGE_CREATE', posted);
  return id;
}

function react(
  kind: 'add' | 'remove',
  messageId: string,
  user: { id: string; username: string },
  emoji = { id: null as string | null, name: '🔥' },
): void {
  const name = kind === 'add' ? 'message-reaction-add' : 'message-reaction-remove';
  const member =
    kind === 'add'
      ? {
          member: {
            ...(dispatchData(name, {}).member as object),
            user: { ...user, discriminator: '0', global_name: null, avatar: null },
          },
        }
      : {};
  server.dispatch(
    kind === 'add' ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE',
    dispatchData(name, { message_id: messageId, user_id: user.id, emoji, ...member }),
  );
}

beforeAll(async () => {
  server = await DiscordGatewayServer.start({
    tokens: [TOKEN],
    guilds: [
      {
        id: GUILD,
        name: 'Clip Club',
        channels: [
          { id: CLIPS, name: 'clips' },
          { id: OTHER, name: 'chat' },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await server.close();
});

for (const harness of HARNESSES) {
  describe(harness.name, () => {
    beforeEach(async () => {
      engine = await harness.create();
      await engine.system.createProfile({ id: 'p', name: 'P' });
      sources = createSources();
    });
    afterEach(async () => {
      await sources.close();
      await engine.close();
      await harness.cleanup();
    });

    test('a clip linked three ways in one message is one share of that clip; each message sharing it adds one', async () => {
      await sources.putSettings('p', { token: TOKEN, channel_ids: [CLIPS] });
      await running();
      post(
        `look! https://clips.twitch.tv/${SLUG} and <https://www.twitch.tv/chewiemelodies/clip/${SLUG}?t=1> ` +
          `and https://clips.twitch.tv/embed?clip=${SLUG}, plus https://youtube.com/shorts/${SHORT}`,
      );
      post(`again https://m.twitch.tv/someone/clip/${SLUG}`);
      await eventually(async () => expect((await clip(SLUG)).discord_shares).toBe(2));
      expect((await clip(SHORT)).discord_shares).toBe(1);
      expect(status().detail).toBe('watching 1 channel, 3 shares recorded');
    });

    test('shares are taken from watched channels only, from other bots too, never from the bot itself, and from an edit adding a link', async () => {
      await sources.putSettings('p', { token: TOKEN, channel_ids: [CLIPS] });
      await running();
      post(`elsewhere https://clips.twitch.tv/${SLUG}`, { channel_id: OTHER });
      post(`mine https://clips.twitch.tv/${SLUG}`, {
        author: { id: BOT_USER.id, username: BOT_USER.username, bot: true },
      });
      post(`from a bot https://clips.twitch.tv/${SLUG}`, {
        author: { id: '80351110224678999', username: 'Feed', bot: true },
      });
      const edited = post('no link yet');
      server.dispatch(
        'MESSAGE_UPDATE',
        message({
          id: edited,
          guild_id: GUILD,
          channel_id: CLIPS,
          author: FAN,
          content: `now https://youtube.com/shorts/${SHORT}`,
        }),
      );
      await eventually(async () => expect((await clip(SHORT)).discord_shares).toBe(1));
      expect((await clip(SLUG)).discord_shares).toBe(1);
    });

    test('an empty channel list watches every channel of the servers the bot is in', async () => {
      await sources.putSettings('p', { token: TOKEN, channel_ids: [] });
      await running();
      expect(status().detail).toBe('watching every channel of 1 server, 0 shares recorded');
      post(`https://clips.twitch.tv/${SLUG}`, { channel_id: OTHER });
      await eventually(async () => expect((await clip(SLUG)).discord_shares).toBe(1));
    });

    test('reactions make the count rise and fall: per user and emoji, custom emoji by name, cleared per emoji or all', async () => {
      await sources.putSettings('p', { token: TOKEN, channel_ids: [CLIPS] });
      await running();
      const shared = post(`https://clips.twitch.tv/${SLUG}`);
      const lul = { id: '41771983429993937', name: 'LUL' };
      react('add', shared, FAN);
      react('add', shared, FAN); // the same reaction again changes nothing
      react('add', shared, MOD);
      react('add', shared, MOD, lul);
      await eventually(async () => expect((await clip(SLUG)).discord_reactions).toBe(3));
      expect((await clip(SLUG)).reaction_types).toEqual([
        { emoji: '🔥', count: 2 },
        { emoji: 'LUL', count: 1 },
      ]);
      react('remove', shared, FAN);
      await eventually(async () => expect((await clip(SLUG)).discord_reactions).toBe(2));
      server.dispatch(
        'MESSAGE_REACTION_REMOVE_EMOJI',
        dispatchData('message-reaction-remove-emoji', { message_id: shared, emoji: lul }),
      );
      await eventually(async () =>
        expect((await clip(SLUG)).reaction_types).toEqual([{ emoji: '🔥', count: 1 }]),
      );
      server.dispatch(
        'MESSAGE_REACTION_REMOVE_ALL',
        dispatchData('message-reaction-remove-all', { message_id: shared }),
      );
      await eventually(async () => expect((await clip(SLUG)).discord_reactions).toBe(0));
    });

    test('a reaction on a message from before a restart counts: the bot fetches the message to read its links', async () => {
      await sources.putSettings('p', { token: TOKEN, channel_ids: [CLIPS] });
      await running();
      const before = post(`https://clips.twitch.tv/${SLUG}`);
      await eventually(async () => expect((await clip(SLUG)).discord_shares).toBe(1));
      await sources.close();
      // A message posted while no bot ran: Discord still has it.
      const unseen = snowflake();
      server.messages.set(
        unseen,
        message({
          id: unseen,
          guild_id: GUILD,
          channel_id: CLIPS,
          author: MOD,
          content: `https://youtube.com/shorts/${SHORT}`,
        }),
      );

      sources = createSources();
      await sources.startConfigured();
      await running();
      react('add', before, FAN);
      react('add', unseen, FAN);
      await eventually(async () => expect((await clip(SHORT)).discord_reactions).toBe(1));
      expect(await clip(SHORT)).toMatchObject({ discord_shares: 1, discord_reactions: 1 });
      expect(await clip(SLUG)).toMatchObject({ discord_shares: 1, discord_reactions: 1 });
      expect(server.requests).toContain(`GET /api/v10/channels/${CLIPS}/messages/${unseen}`);
    });

    test('a deleted message takes its share and reactions with it, one by one or in bulk', async () => {
      await sources.putSettings('p', { token: TOKEN, channel_ids: [CLIPS] });
      await running();
      const first = post(`https://clips.twitch.tv/${SLUG}`);
      const second = post(`https://clips.twitch.tv/${SLUG} https://youtube.com/shorts/${SHORT}`);
      react('add', first, FAN);
      await eventually(async () =>
        expect(await clip(SLUG)).toMatchObject({ discord_shares: 2, discord_reactions: 1 }),
      );
      server.dispatch('MESSAGE_DELETE', dispatchData('message-delete', { id: first }));
      await eventually(async () =>
        expect(await clip(SLUG)).toMatchObject({ discord_shares: 1, discord_reactions: 0 }),
      );
      server.dispatch(
        'MESSAGE_DELETE_BULK',
        dispatchData('message-delete-bulk', { ids: [second, snowflake()] }),
      );
      await eventually(async () => expect((await clip(SHORT)).discord_shares).toBe(0));
      expect((await clip(SLUG)).discord_shares).toBe(0);
    });

    test('dispatches with garbage fields are skipped and the bot goes on', async () => {
      await sources.putSettings('p', { token: TOKEN, channel_ids: [] });
      await running();
      const good = { guild_id: GUILD, channel_id: CLIPS };
      server.sendRaw('{"op": 0, "t": "MESSAGE_CREATE", "s": 1000, "d": {');
      server.dispatch('MESSAGE_CREATE', { ...good, id: 'not-a-snowflake', content: 42, author: 'nobody' });
      server.dispatch('MESSAGE_CREATE', {
        ...good,
        id: snowflake(),
        content: `https://clips.twitch.tv/${SLUG}`,
        author: null,
      });
      server.dispatch('MESSAGE_CREATE', null);
      server.dispatch('MESSAGE_UPDATE', { ...good, id: [], content: { text: 'x' } });
      server.dispatch('MESSAGE_DELETE_BULK', { ...good, ids: null });
      server.dispatch('MESSAGE_DELETE', { ...good, id: { nested: true } });
      server.dispatch('MESSAGE_REACTION_ADD', {
        ...good,
        message_id: snowflake(),
        user_id: FAN.id,
        emoji: 'fire',
      });
      server.dispatch('MESSAGE_REACTION_REMOVE', {
        ...good,
        message_id: snowflake(),
        user_id: FAN.id,
        emoji: { id: null, name: '%E0%A4%A' },
      });
      server.dispatch('MESSAGE_REACTION_REMOVE_EMOJI', { ...good, message_id: snowflake(), emoji: null });
      server.dispatch('MESSAGE_REACTION_REMOVE_ALL', { channel_id: 12, message_id: false });
      server.dispatch('GUILD_CREATE', { id: null, channels: 'none' });
      post(`still here https://clips.twitch.tv/${SLUG}`);
      await eventually(async () => expect((await clip(SLUG)).discord_shares).toBe(1));
      expect(status()).toMatchObject({ state: 'running', failures: 0 });
      expect(status().detail).toMatch(
        /^watching every channel of \d+ servers?, 1 share recorded, \d+ events not stored$/,
      );
    });

    test('a failing store is logged and counted, and later events are stored', async () => {
      let failures = 1;
      await sources.close();
      sources = createSources({
        stores: {
          openProfile: async (p) => {
            if (failures-- > 0) throw new Error('disk full');
            return engine.openProfile(p);
          },
        },
      });
      await sources.putSettings('p', { token: TOKEN, channel_ids: [CLIPS] });
      await running();
      post(`lost https://youtube.com/shorts/${SHORT}`);
      post(`kept https://clips.twitch.tv/${SLUG}`);
      await eventually(async () => expect((await clip(SLUG)).discord_shares).toBe(1));
      expect((await clip(SHORT)).discord_shares).toBe(0);
      expect(status()).toMatchObject({
        state: 'running',
        detail: 'watching 1 channel, 1 share recorded, 1 event not stored',
      });
    });

    test('a dropped gateway connection shows as an error, resumes (replaying what was missed), and shows running again', async () => {
      await sources.putSettings('p', { token: TOKEN, channel_ids: [CLIPS] });
      await running();
      server.dropConnections(4000);
      await eventually(() => expect(status()).toMatchObject({ state: 'error', failures: 1 }));
      expect(status().last_error?.message).toMatch(/dropped/);
      post(`while away https://clips.twitch.tv/${SLUG}`);
      await running();
      expect(server.resumes).toBeGreaterThanOrEqual(1);
      await eventually(async () => expect((await clip(SLUG)).discord_shares).toBe(1));
    });

    test('a bot stopped while it logs in leaves no gateway connection open', async () => {
      const identifies = server.identifies;
      await sources.putSettings('p', { token: TOKEN, channel_ids: [CLIPS] });
      // Restarted at once: the first bot is still logging in.
      await sources.putSettings('p', { token: TOKEN, channel_ids: [] });
      await running();
      await sources.putSettings('p', { token: null, channel_ids: [] });
      expect(status().state).toBe('stopped');
      // The first bot identifies too unless it was stopped before its socket opened.
      await eventually(() => expect(server.identifies - identifies).toBeGreaterThanOrEqual(1));
      // The server outlives the tests: only the sessions this test's bots opened count.
      await eventually(() => expect(server.readyConnectionsAfter(identifies)).toBe(0));
    });

    test('a connection that cannot resume logs in afresh after a backoff and runs again', async () => {
      await sources.close();
      sources = createSources({ resumeTimeoutMs: 200 });
      await sources.putSettings('p', { token: TOKEN, channel_ids: [CLIPS] });
      await running();
      const identifies = server.identifies;
      server.forgetSessions();
      server.dropConnections(4000);
      await eventually(() => expect(status().state).toBe('error'));
      await eventually(() => expect(server.identifies).toBeGreaterThan(identifies));
      await running();
      post(`back https://clips.twitch.tv/${SLUG}`);
      await eventually(async () => expect((await clip(SLUG)).discord_shares).toBe(1));
    });
  });
}

describe('a token Discord refuses', () => {
  beforeEach(async () => {
    temp = makeTempDir();
    engine = new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: 300_000 });
    await engine.system.createProfile({ id: 'p', name: 'P' });
  });
  afterEach(async () => {
    await sources.close();
    await engine.close();
    temp?.remove();
  });

  test.each([
    ['the gateway closing with 4004', false],
    ['REST answering 401', true],
  ])('is an error status saying so (%s), retried slowly', async (_how, restRefuses) => {
    const refusing = await DiscordGatewayServer.start({
      tokens: [TOKEN],
      guilds: [],
      restRefusesTokens: restRefuses,
    });
    try {
      sources = createSources({ apiUrl: refusing.apiUrl });
      const before = Date.now();
      await sources.putSettings('p', { token: 'MTE.wrong.token', channel_ids: [] });
      await eventually(() => expect(status().state).toBe('error'));
      expect(status().last_error?.message).toBe(
        'Discord refused the bot token (wrong, or reset in the developer portal)',
      );
      expect(status()).toMatchObject({ failures: 1, detail: 'not connected, 0 shares recorded' });
      const next = Date.parse(status().next_attempt_at!);
      expect(next - before).toBeGreaterThanOrEqual(60_000);
      expect(refusing.identifies).toBe(restRefuses ? 0 : 1);
    } finally {
      await sources.close();
      await refusing.close();
    }
  });
  test('reset while the bot runs (the gateway closes with 4004), it is an error status saying so', async () => {
    sources = createSources();
    await sources.putSettings('p', { token: TOKEN, channel_ids: [] });
    await running();
    server.dropConnections(4004);
    await eventually(() => expect(status().state).toBe('error'));
    expect(status().last_error?.message).toBe(
      'Discord refused the bot token (wrong, or reset in the developer portal)',
    );
    expect(Date.parse(status().next_attempt_at!) - Date.now()).toBeGreaterThan(50_000);
  });
});
