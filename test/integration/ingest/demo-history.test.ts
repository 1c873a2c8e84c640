import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import type { StoredEvent } from '../../../src/core/live-event.js';
import type { SessionSummary } from '../../../src/store/ports.js';
import { startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const DAY_MS = 86_400_000;
const STREAMS = ['tiktok-demo', 'twitch-demo'];
/** From the start of the server to a stored history and the live demo on air. */
const READY_WITHIN_MS = 15_000;

async function allSessions(server: RunningServer): Promise<SessionSummary[]> {
  const store = await server.services.engine.openProfile('demo');
  return store.listSessions({ limit: 10_000 });
}

async function allEvents(server: RunningServer): Promise<StoredEvent[]> {
  const store = await server.services.engine.openProfile('demo');
  const events: StoredEvent[] = [];
  for (let page = await store.listEvents(0, 50_000); page.length > 0;) {
    events.push(...page);
    page = await store.listEvents(page.at(-1)!.seq, 50_000);
  }
  return events;
}

/** How many events of `kind` each key (from `keyOf`, or null to leave the event out) has. */
function countBy(events: readonly StoredEvent[], kind: string, keyOf: (e: StoredEvent) => string | null) {
  const counts = new Map<string, number>();
  for (const e of events) {
    const key = e.kind === kind && e.user ? keyOf(e) : null;
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()];
}

async function isDemoLive(server: RunningServer): Promise<boolean> {
  const statuses = await server.services.connectors.list('demo');
  return STREAMS.every((id) => statuses.find((s) => s.stream === id)?.state === 'live');
}

describe('the demo on a fresh data directory', () => {
  const temp = makeTempDir();
  let server: RunningServer;
  let readyMs: number;
  let historyEnd: number;

  beforeAll(async () => {
    const started = Date.now();
    server = await startLiveServer(temp.dir, { STREAMPULSE_DEMO: 'on' });
    await vi.waitFor(() => isDemoLive(server).then((live) => expect(live).toBe(true)), {
      timeout: 30_000,
      interval: 100,
    });
    readyMs = Date.now() - started;
    historyEnd = Date.now();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    temp.remove();
  });

  test(`stores four weeks of past broadcasts and goes live within ${READY_WITHIN_MS / 1000} seconds`, async () => {
    expect(readyMs).toBeLessThan(READY_WITHIN_MS);
    const sessions = (await allSessions(server)).filter((s) => s.ended_at !== null);
    for (const stream of STREAMS) {
      const own = sessions.filter((s) => s.stream === stream);
      const first = Math.min(...own.map((s) => s.started_at));
      // The schedule skips some days and broadcasts in the evening: the first falls on one of the
      // first two days of the four weeks, whatever the time of day the demo starts at.
      expect(historyEnd - first, stream).toBeGreaterThanOrEqual(26 * DAY_MS);
      // Most days a broadcast or two, each a session of its own of most of an hour or more.
      expect(own.length, stream).toBeGreaterThanOrEqual(20);
      expect(own.every((s) => s.ended_at! - s.started_at >= 45 * 60_000)).toBe(true);
    }
  });

  test('the drivers over the four weeks find that viewers rise after gift bursts', async () => {
    const to = Date.now();
    for (const stream of [undefined, 'tiktok-demo']) {
      const result = await server.services.drivers.forRange('demo', { from: to - 28 * DAY_MS, to, stream });
      expect(result.status, result.verdict).toBe('ok');
      expect(result.verdict).toMatch(/^viewers rise about \d minutes? after gift bursts/);
      const gifts = result.drivers.find((d) => d.activity === 'gift_value')!;
      expect(gifts.significant).toBe(true);
      expect(gifts.coefficient).toBeGreaterThan(0);
      expect(gifts.best_lag_minutes).toBeGreaterThanOrEqual(1);
    }
  });

  test('analyses every past session, so the trend across sessions spans the four weeks', async () => {
    const trend = await vi.waitFor(
      async () => {
        const entries = await server.services.drivers.trend('demo', 1000);
        expect(entries.length).toBeGreaterThanOrEqual(40);
        // The analyser works through the sessions in its own order: wait until it reached both ends.
        const starts = entries.map((e) => e.started_at);
        expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(26 * DAY_MS);
        return entries;
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(trend.filter((e) => e.status === 'ok').length).toBeGreaterThan(trend.length / 4);
  });

  test('fills the weekday x hour heatmap', async () => {
    const peaks = await server.services.peakTimes.get('demo', { period: 'last30d' });
    expect(new Set(peaks.cells.map((c) => c.weekday)).size).toBe(7);
    expect(peaks.cells.length).toBeGreaterThanOrEqual(40);
  });

  test('gives the regulars levels well above the first', async () => {
    const { viewers } = await server.services.viewers.list('demo', { sort: 'coins', limit: 20, offset: 0 });
    expect(Math.max(...viewers.map((v) => v.level))).toBeGreaterThanOrEqual(10);
  });

  test('lets each viewer follow a stream once, and join and share a broadcast a few times at most', async () => {
    const events = await allEvents(server);
    // The live broadcasts' follows count too: the history's followers do not follow again live.
    const follows = countBy(events, 'follow', (e) => `${e.stream} ${e.user!.id}`);
    expect(follows.length).toBeGreaterThan(100);
    expect(Math.max(...follows)).toBe(1);
    const past = (await allSessions(server)).filter((s) => s.ended_at !== null);
    const sessionOf = (e: StoredEvent) =>
      past.find((s) => s.stream === e.stream && s.started_at <= e.at && e.at <= s.ended_at!)?.id ?? null;
    const perSession = (e: StoredEvent) => {
      const session = sessionOf(e);
      return session === null ? null : `${session} ${e.user!.id}`;
    };
    expect(Math.max(...countBy(events, 'join', perSession))).toBe(1);
    expect(Math.max(...countBy(events, 'share', perSession))).toBeLessThanOrEqual(3);
  });

  test('gives gifts a long tail: a top gifter of some hundred thousand coins, most viewers none', async () => {
    const { viewers, total } = await server.services.viewers.list('demo', {
      sort: 'coins',
      limit: 1000,
      offset: 0,
    });
    const coins = viewers.map((v) => v.coins);
    const allCoins = coins.reduce((s, c) => s + c, 0);
    expect(coins[0]).toBeGreaterThan(20_000);
    expect(coins[0]).toBeLessThan(300_000);
    expect(coins.slice(0, 10).reduce((s, c) => s + c, 0)).toBeGreaterThan(allCoins / 3);
    expect(coins.filter((c) => c > 0).length).toBeLessThan(total / 10);
    // Levels stay readable for the channel's biggest fans.
    expect(Math.max(...viewers.map((v) => v.level))).toBeLessThanOrEqual(100);
  });

  test('a second start of the same data directory adds no history', async () => {
    const before = await allSessions(server);
    const earliest = Math.min(...before.map((s) => s.started_at));
    await server.close();
    server = await startLiveServer(temp.dir, { STREAMPULSE_DEMO: 'on' });
    await vi.waitFor(() => isDemoLive(server).then((live) => expect(live).toBe(true)), { timeout: 30_000 });
    const after = await allSessions(server);
    const past = after.filter((s) => s.started_at < historyEnd);
    expect(past.map((s) => [s.id, s.started_at])).toEqual(
      before.filter((s) => s.started_at < historyEnd).map((s) => [s.id, s.started_at]),
    );
    expect(Math.min(...after.map((s) => s.started_at))).toBe(earliest);
  }, 60_000);
});

describe('the demo off on a fresh data directory', () => {
  test('adds no demo profile and no history', async () => {
    const temp = makeTempDir();
    const server = await startLiveServer(temp.dir, { STREAMPULSE_DEMO: 'off' });
    try {
      expect((await server.services.profiles.list()).map((p) => p.id)).not.toContain('demo');
      expect(await server.services.connectors.wantedStreams()).toEqual([]);
    } finally {
      await server.close();
      temp.remove();
    }
  }, 30_000);
});
