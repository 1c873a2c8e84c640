// The Twitch clip source against the loopback Helix server of test/support/helix-server.ts (the
// recorded Get Clips responses of test/fixtures/real/, SOURCES.md rows "twitch-helix/" and
// "nicklaw5-helix/", and generated clips), storing into a real SQLite profile store and a real
// PostgreSQL one.
import type { ServerResponse } from 'node:http';
import pino from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { settingsClipSyncMarks } from '../../../src/ingest/clips/clip-sync-marks.js';
import type { ConnectorFactory } from '../../../src/ingest/connector.js';
import { createLogger } from '../../../src/logger.js';
import { startServer } from '../../../src/main.js';
import { profileStreamMatcher } from '../../../src/ingest/clips/profile-stream-matcher.js';
import { TwitchClipPoller } from '../../../src/ingest/clips/twitch-clip-poller.js';
import { TwitchClipSources, type ConnectedStream } from '../../../src/ingest/clips/twitch-clip-sources.js';
import { HelixClips } from '../../../src/ingest/twitch/helix-clips.js';
import type { StoreEngine, StreamInfo } from '../../../src/store/ports.js';
import { PostgresEngine } from '../../../src/store/postgres/postgres-engine.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import {
  DAY,
  generatedClips,
  startHelixServer,
  T0,
  type HelixClipItem,
  type HelixHandler,
  type HelixStandIn,
} from '../../support/helix-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { makeTempDir } from '../../support/temp-dir.js';

const HOUR = 3_600_000;
/** Polls store thousands of rows in real engines: on a busy machine that takes seconds. */
const WAIT = { timeout: 15_000, interval: 20 };
const NOW = T0 + 10 * DAY;
const BIG: StreamInfo = {
  id: 'tw-big',
  platform: 'twitch',
  channel: '#Big',
  enabled: true,
  recording: false,
  created_at: 0,
};
const CHEWIE: StreamInfo = { ...BIG, id: 'tw-chewie', channel: 'ChewieMelodies' };

let db: TestDatabase | undefined;
let temp: ReturnType<typeof makeTempDir> | undefined;
const ENGINES: { name: string; create(): Promise<StoreEngine> }[] = [
  {
    name: 'sqlite',
    create() {
      temp = makeTempDir();
      return Promise.resolve(
        new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: 300_000 }),
      );
    },
  },
  {
    name: 'postgres',
    async create() {
      db ??= await createTestDatabase();
      await db.reset();
      return PostgresEngine.open({ url: db.url, poolSize: 4, sessionGapMs: 300_000 });
    },
  },
];

afterAll(async () => {
  await db?.drop();
});

describe.each(ENGINES)('twitch clip source into $name', (harness) => {
  let engine: StoreEngine;
  let helix: HelixStandIn | undefined;
  let sources: TwitchClipSources | undefined;
  let clock = NOW;
  const now = () => clock;

  beforeEach(async () => {
    clock = NOW;
    engine = await harness.create();
    await engine.system.createProfile({ id: 'p1', name: 'P1' });
    await engine.system.createStream('p1', {
      id: BIG.id,
      platform: 'twitch',
      channel: BIG.channel,
      enabled: true,
    });
    await engine.system.createStream('p1', {
      id: CHEWIE.id,
      platform: 'twitch',
      channel: CHEWIE.channel,
      enabled: true,
    });
    await engine.system.createStream('p1', {
      id: 'tt',
      platform: 'tiktok',
      channel: '@someone',
      enabled: true,
    });
  });
  afterEach(async () => {
    await sources?.close();
    sources = undefined;
    await helix?.close();
    helix = undefined;
    await engine.close();
    temp?.remove();
  });

  async function serve(clips: HelixClipItem[], before?: HelixHandler) {
    helix = await startHelixServer(clips, before);
    return helix;
  }

  /** A Helix client that does not really wait (rate limits, retries). */
  const client = (url: string) =>
    new HelixClips({ helixUrl: url, clientId: 'cid', token: 'tok', now, sleep: () => Promise.resolve() });

  async function pollerOf(url: string, stream: StreamInfo) {
    const store = await engine.openProfile('p1');
    const poller = new TwitchClipPoller(client(url), store, now, {
      stream,
      marks: settingsClipSyncMarks(engine.system, 'p1', stream.id),
    });
    return { store, poller };
  }

  const allClips = async () => (await engine.openProfile('p1')).listClips(0, 100_000);

  test('the first sync stores every clip of the backfill window, across split windows and pages, with its stream and game', async () => {
    const server = await serve(generatedClips(2500));
    const { poller } = await pollerOf(server.url, BIG);
    const outcome = await poller.sync();
    expect(outcome).toMatchObject({
      isFirst: true,
      from: NOW - 60 * DAY,
      to: NOW,
      clips: 2500,
      created: 2500,
    });
    const stored = await allClips();
    expect(stored).toHaveLength(2500);
    expect(new Set(stored.map((c) => c.clip_id)).size).toBe(2500);
    expect(
      stored.every((c) => c.stream === BIG.id && c.game_name === 'Music' && c.broadcaster_id === 'big'),
    ).toBe(true);
    const clipQueries = server.requests.filter((u) => u.pathname === '/helix/clips');
    // More than one query's cap: the window was split; pages followed their cursors.
    expect(new Set(clipQueries.map((u) => u.searchParams.get('started_at'))).size).toBeGreaterThan(2);
    expect(clipQueries.some((u) => u.searchParams.has('after'))).toBe(true);
    expect(
      server.requests.filter((u) => u.pathname === '/helix/users').map((u) => u.searchParams.get('login')),
    ).toEqual(['big']);
    // The mark: where the next sync reads on from.
    expect((await engine.system.getSettings('p1'))['twitch_clip_sync:tw-big']).toEqual({
      channel: 'big',
      broadcaster_id: 'big',
      synced_to: NOW,
    });
  });

  test('a sync mark that is not one (edited by hand, of another channel) reads as none: the stream syncs its backfill window', async () => {
    const server = await serve(generatedClips(20));
    await engine.system.putSetting('p1', 'twitch_clip_sync:tw-big', { channel: 'big', synced_to: 'soon' });
    const { poller } = await pollerOf(server.url, BIG);
    expect(await poller.sync()).toMatchObject({ isFirst: true, from: NOW - 60 * DAY, created: 20 });
    await engine.system.putSetting('p1', 'twitch_clip_sync:tw-big', {
      channel: 'someone_else',
      broadcaster_id: 'x',
      synced_to: NOW,
    });
    expect(await poller.sync()).toMatchObject({ isFirst: true, from: NOW - 60 * DAY, created: 0 });
  });

  test('a recorded clip is stored with its channel\u2019s stream and its game named', async () => {
    clock = Date.UTC(2017, 11, 15);
    const server = await serve([]);
    const { poller } = await pollerOf(server.url, CHEWIE);
    expect(await poller.sync()).toMatchObject({ clips: 1, created: 1 });
    expect(await allClips()).toMatchObject([
      {
        clip_id: 'AwkwardHelplessSalamanderSwiftRage',
        stream: CHEWIE.id,
        game_name: 'Music',
        creator_name: 'BlackNova03',
        broadcaster_name: 'ChewieMelodies',
        view_count: 10,
        vod_offset: 480,
      },
    ]);
  });

  test('a second poll reads on from the last sync less the overlap: grown view counts update with a reading each, a late-listed clip is added, nothing is duplicated', async () => {
    const clips = generatedClips(2500);
    const server = await serve(clips);
    const { store, poller } = await pollerOf(server.url, BIG);
    await poller.sync();
    // Clips of the last hour gain views; a clip made 10 minutes before the sync is listed only now.
    const grown = clips.slice(2495);
    for (const c of grown) c.view_count += 1000;
    clips.push({ ...generatedClips(1, { prefix: 'LateListed', from: NOW - 10 * 60_000 })[0]! });
    clock = NOW + 5 * 60_000;
    const requestsBefore = server.requests.length;

    const second = await poller.sync();
    expect(second).toMatchObject({ isFirst: false, from: NOW - HOUR, to: clock, created: 1 });
    expect(second.clips).toBeLessThan(20);
    const asked = server.requests.slice(requestsBefore).filter((u) => u.pathname === '/helix/clips');
    expect(asked[0]!.searchParams.get('started_at')).toBe(new Date(NOW - HOUR).toISOString());
    // The channel's user id came from the mark, not from Get Users again.
    expect(server.requests.slice(requestsBefore).some((u) => u.pathname === '/helix/users')).toBe(false);

    const stored = await allClips();
    expect(stored).toHaveLength(2501);
    expect(new Set(stored.map((c) => c.clip_id)).size).toBe(2501);
    for (const c of grown) {
      const row = stored.find((s) => s.clip_id === c.id)!;
      expect(row.view_count).toBe(c.view_count);
      expect((await store.listClipViews(row.seq))!.map((v) => v.view_count)).toEqual([
        c.view_count - 1000,
        c.view_count,
      ]);
    }
    const untouched = stored.find((s) => s.clip_id === clips[2400]!.id)!;
    expect(await store.listClipViews(untouched.seq)).toHaveLength(1);
    expect(stored.find((s) => s.clip_id === 'LateListed0')).toMatchObject({ stream: BIG.id });
  });

  test('clips due for refresh are read again by id, 100 a request; one Helix no longer has is checked and kept as it was', async () => {
    const clips = generatedClips(2500);
    const server = await serve(clips);
    const { store, poller } = await pollerOf(server.url, BIG);
    await poller.sync();
    for (const c of clips) c.view_count += 5;
    clock = NOW + 13 * HOUR;
    const due = await store.clipsDueForRefresh('twitch', clock, 500);
    expect(due).toHaveLength(500);
    // The most overdue one was deleted on Twitch meanwhile.
    const deleted = clips.findIndex((c) => c.id === due[0]!.clip_id);
    const [gone] = clips.splice(deleted, 1);
    const requestsBefore = server.requests.length;

    const outcome = await poller.refresh(profileStreamMatcher([BIG], new Map()));
    expect(outcome).toMatchObject({ refreshed: 499, missing: 1, created: 0 });
    const byId = server.requests.slice(requestsBefore).filter((u) => u.pathname === '/helix/clips');
    expect(byId.map((u) => u.searchParams.getAll('id').length)).toEqual([100, 100, 100, 100, 100]);
    const stored = new Map((await allClips()).map((c) => [c.clip_id, c]));
    for (const d of due.slice(1)) {
      const c = clips.find((x) => x.id === d.clip_id)!;
      expect(stored.get(d.clip_id)).toMatchObject({
        view_count: c.view_count,
        last_updated: clock,
        stream: BIG.id,
      });
    }
    expect(stored.get(gone!.id)).toMatchObject({ view_count: gone!.view_count - 5, last_updated: clock });
    // Read (or checked) now, they are not due again; others are.
    const next = await store.clipsDueForRefresh('twitch', clock, 500);
    const done = new Set(due.map((d) => d.seq));
    expect(next).toHaveLength(500);
    expect(next.some((d) => done.has(d.seq))).toBe(false);
  });

  test('clips shared on Discord but not stored are looked up by id: kept with the stream of their channel, or with none; an unknown id is not asked again at once', async () => {
    const server = await serve([
      ...generatedClips(10),
      ...generatedClips(1, { prefix: 'OldBig', from: NOW - 90 * DAY }),
    ]);
    const { store, poller } = await pollerOf(server.url, BIG);
    await poller.sync();
    const share = (clip_id: string, message_id: string) => ({
      platform: 'twitch' as const,
      clip_id,
      url: `https://clips.twitch.tv/${clip_id}`,
      guild_id: 'g',
      channel_id: 'c',
      message_id,
      author_id: 'a',
      author_name: 'someone',
      at: NOW - DAY,
    });
    await store.recordClipShares(
      [share('EncouragingPluckySlothSSSsss', 'm1'), share('OldBig0', 'm2'), share('NoSuchClip', 'm3')],
      NOW,
    );
    const matcher = profileStreamMatcher(
      await engine.system.listStreams('p1'),
      new Map([[BIG.id, poller.broadcasterId!]]),
    );
    const outcome = await poller.refresh(matcher);
    expect(outcome).toMatchObject({ sharedAsked: 3, sharedFound: 2, created: 2 });
    const stored = new Map((await allClips()).map((c) => [c.clip_id, c]));
    expect(stored.get('OldBig0')).toMatchObject({ stream: BIG.id, broadcaster_id: 'big' });
    expect(stored.get('EncouragingPluckySlothSSSsss')).toMatchObject({
      stream: null,
      broadcaster_name: 'summit1g',
      discord_shares: 1,
      view_count: 91876,
    });
    expect(stored.has('NoSuchClip')).toBe(false);
    expect(await store.sharedUnknownClips('twitch', 100)).toEqual(['NoSuchClip']);
    const requestsBefore = server.requests.length;
    expect(await poller.refresh(matcher)).toMatchObject({ sharedAsked: 0 });
    expect(server.requests.slice(requestsBefore).some((u) => u.searchParams.has('id'))).toBe(false);
  });

  describe('supervised', () => {
    let connected: ConnectedStream[];

    function startSources(
      url: string,
      overrides: Partial<ConstructorParameters<typeof TwitchClipSources>[0]> = {},
    ) {
      sources = new TwitchClipSources({
        engine,
        connectedStreams: () => connected,
        twitch: { clientId: 'cid', token: 'tok', helixUrl: url },
        pollMs: 60_000,
        backfillMs: 60 * DAY,
        logger: pino({ level: process.env.CLIP_TEST_LOG ?? 'silent' }),
        now,
        random: () => 0.5,
        backoff: { baseMs: 20, maxMs: 40, offlineMs: 40 },
        helixOptions: { sleep: () => Promise.resolve() },
        stopTimeoutMs: 3000,
        ...overrides,
      });
      sources.start();
      return sources;
    }

    beforeEach(() => {
      connected = [
        { profile: 'p1', stream: BIG },
        { profile: 'p1', stream: { ...BIG, id: 'tt', platform: 'tiktok', channel: '@someone' } },
      ];
    });

    test('polls each connected Twitch stream and reports idle with what the poll did and when the next is due', async () => {
      const server = await serve(generatedClips(300));
      const s = startSources(server.url);
      await vi.waitFor(() => expect(s.statuses('p1')[0]?.state).toBe('idle'), WAIT);
      expect(s.statuses('p1')).toEqual([
        {
          kind: 'twitch',
          stream: BIG.id,
          state: 'idle',
          since: new Date(NOW).toISOString(),
          failures: 0,
          last_error: null,
          next_attempt_at: new Date(NOW + 60_000).toISOString(),
          detail: 'first sync: 300 clips of the last 60 days, 300 new',
        },
      ]);
      expect(await allClips()).toHaveLength(300);
      expect(s.statuses('other')).toEqual([]);
    });

    test('a 500, a 429 and a body that is not JSON each leave the status in error with its failures and next try; then it recovers', async () => {
      let mode: 'ok' | '500' | '429' | 'html' = '500';
      const server = await serve(generatedClips(50), (_req, url, res) => {
        if (url.pathname !== '/helix/clips' || mode === 'ok') return false;
        if (mode === 'html')
          res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
        else res.writeHead(Number(mode)).end();
        return true;
      });
      const s = startSources(server.url, { backoff: { baseMs: 100, maxMs: 200, offlineMs: 200 } });
      const status = () => s.statuses('p1')[0]!;
      await vi.waitFor(() => expect(status()).toMatchObject({ state: 'error' }), WAIT);
      expect(status().last_error?.message).toContain('HTTP 500');
      // Exponential with jitter (half of it, random 0.5): 75 ms after the first failure, 150 after more.
      const seen = status();
      expect(seen.next_attempt_at).toBe(new Date(NOW + (seen.failures === 1 ? 75 : 150)).toISOString());
      mode = '429';
      await vi.waitFor(() => expect(status().last_error?.message).toContain('HTTP 429'), WAIT);
      expect(status().state).toBe('error');
      mode = 'html';
      await vi.waitFor(() => expect(status().last_error?.message).toContain('not JSON'), WAIT);
      expect(status().failures).toBeGreaterThanOrEqual(3);
      mode = 'ok';
      await vi.waitFor(() => expect(status()).toMatchObject({ state: 'idle', failures: 0 }), WAIT);
      expect(status().detail).toBe('first sync: 50 clips of the last 60 days, 50 new');
      expect(await allClips()).toHaveLength(50);
    });

    test('stopping mid-poll aborts the request in flight and stores nothing after', async () => {
      const held: ServerResponse[] = [];
      let aborted = false;
      const server = await serve(generatedClips(50), (req, url, res) => {
        if (url.pathname !== '/helix/clips') return false;
        held.push(res);
        req.socket.on('close', () => (aborted = true));
        return true;
      });
      const s = startSources(server.url);
      await vi.waitFor(() => expect(held).toHaveLength(1), WAIT);
      expect(s.statuses('p1')[0]!.state).toBe('running');
      await s.close();
      await vi.waitFor(() => expect(aborted).toBe(true), WAIT);
      expect(s.statuses('p1')[0]).toMatchObject({
        state: 'stopped',
        detail: 'not polled: the server stopped',
        failures: 0,
        last_error: null,
        next_attempt_at: null,
      });
      expect(await allClips()).toEqual([]);
    });

    test('a disconnected stream is stopped and says so; connected again, it reads on from its mark', async () => {
      const server = await serve(generatedClips(100));
      const s = startSources(server.url);
      await vi.waitFor(() => expect(s.statuses('p1')[0]?.state).toBe('idle'), WAIT);
      connected = [];
      s.reconcile();
      expect(s.statuses('p1')).toMatchObject([
        { state: 'stopped', detail: 'not polled: the stream is not connected' },
      ]);
      clock = NOW + HOUR;
      connected = [{ profile: 'p1', stream: BIG }];
      s.reconcile();
      await vi.waitFor(() => expect(s.statuses('p1')[0]?.state).toBe('idle'), WAIT);
      // Not a first sync again; the clips younger than a day were due to be read again after the hour.
      expect(s.statuses('p1')[0]!.detail).toMatch(
        /^\d+ clips in the last poll, 0 new; \d+ view counts read again$/,
      );
      expect(await allClips()).toHaveLength(100);
      // Deleted, it is forgotten.
      await s.forgetStream('p1', BIG.id);
      expect(s.statuses('p1')).toEqual([]);
    });

    test('without credentials each connected Twitch stream is stopped and names the missing settings; Helix is never asked', async () => {
      const server = await serve(generatedClips(10));
      const s = startSources(server.url, { twitch: { clientId: 'cid', helixUrl: server.url } });
      expect(s.statuses('p1')).toEqual([
        {
          kind: 'twitch',
          stream: BIG.id,
          state: 'stopped',
          since: new Date(NOW).toISOString(),
          failures: 0,
          last_error: null,
          next_attempt_at: null,
          detail: "no Twitch credentials: set STREAMPULSE_TWITCH_TOKEN to poll this stream's clips",
        },
      ]);
      s.reconcile();
      expect(s.statuses('p1')).toHaveLength(1);
      expect(server.requests).toEqual([]);
    });
  });
});

test('a server with Twitch credentials polls the clips of a connected Twitch stream, lists its status among the clip sources, and stops when it is disconnected', async () => {
  const server = await startHelixServer(generatedClips(30, { from: Date.now() - 5 * DAY, spanMs: DAY }));
  const dir = makeTempDir();
  const config = loadConfig(
    {
      STREAMPULSE_DATA_DIR: dir.dir,
      STREAMPULSE_PORT: '0',
      STREAMPULSE_DEMO: 'off',
      STREAMPULSE_SQLITE_SYNC: 'normal',
      STREAMPULSE_TWITCH_CLIENT_ID: 'cid',
      STREAMPULSE_TWITCH_TOKEN: 'tok',
      STREAMPULSE_TWITCH_HELIX_URL: server.url,
    },
    {},
  );
  // The stream's chat connector: up until disconnected.
  const chat: ConnectorFactory = () => ({
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
  });
  const running = await startServer(config, createLogger('silent'), {
    connectorFactories: { twitch: chat },
    print: () => undefined,
  });
  try {
    const { services } = running;
    await services.profiles.create({ id: 'p1', name: 'P1' });
    await services.profiles.createStream('p1', { id: 'tw', platform: 'twitch', channel: '#Big' });
    await services.connectors.connect('p1', 'tw');
    const sources = () => services.clipSourceStatuses.flatMap((s) => s.statuses('p1'));
    await vi.waitFor(
      () =>
        expect(sources()).toContainEqual(
          expect.objectContaining({
            kind: 'twitch',
            stream: 'tw',
            state: 'idle',
            detail: 'first sync: 30 clips of the last 60 days, 30 new',
          }),
        ),
      WAIT,
    );
    expect(
      (await (await services.engine.openProfile('p1')).listClips(0, 100)).every((c) => c.stream === 'tw'),
    ).toBe(true);
    await services.connectors.disconnect('p1', 'tw');
    expect(sources()).toContainEqual(
      expect.objectContaining({
        kind: 'twitch',
        stream: 'tw',
        state: 'stopped',
        detail: 'not polled: the stream is not connected',
      }),
    );
  } finally {
    await running.close();
    await server.close();
    dir.remove();
  }
});
