import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

const T = Date.UTC(2026, 4, 2, 18, 0, 0);
let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
  await createProfileWithStream(t.app, 'ana', { id: 'tiktok-a', platform: 'tiktok', channel: '@ana' });
});
afterEach(() => t.close());

const push = (payload: object) => t.app.inject({ method: 'POST', url: '/api/profiles/ana/events', payload });
const voidEvents = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/profiles/ana/events/void', payload });
const get = async <T>(url: string) => (await t.app.inject({ method: 'GET', url })).json<T>();

interface Stats {
  combined: { likes: number; coins: number; gifts: number; viewers: number; peak_viewers: number };
}
interface EventsPage {
  events: { seq: number; kind: string; voided_by?: number; data?: Record<string, unknown>; count: number }[];
}

const ana = { id: 'u1', name: 'ana' };
const bo = { id: 'u2', name: 'bo' };
const rose = { id: 'r', name: 'Rose' };

async function pushShow() {
  const res = await push([
    { stream: 'tiktok-a', kind: 'viewers', at: T, count: 50 },
    { stream: 'tiktok-a', kind: 'gift', at: T + 1000, id: 'g1', user: ana, gift: rose, count: 1, value: 10 },
    { stream: 'tiktok-a', kind: 'viewers', at: T + 2000, count: 90_000 },
    {
      stream: 'tiktok-a',
      kind: 'gift',
      at: T + 3000,
      id: 'g2',
      user: bo,
      gift: rose,
      count: 1,
      value: 5_000,
    },
    { stream: 'tiktok-a', kind: 'like', at: T + 4000, user: ana, count: 3 },
  ]);
  expect(res.statusCode).toBe(200);
}

describe('POST /api/profiles/:profile/events/void', () => {
  test('a void by sequence range takes events back from stats, sessions, leaderboards and viewers; the log keeps them marked', async () => {
    await pushShow();
    // Seqs 3 and 4: the stray viewer reading and the gift of 5,000 coins.
    const res = await voidEvents({
      target: { seq: { from: 3, to: 4 } },
      reason: 'test gift and bad reading',
      by: 'ana',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      dry_run: boolean;
      voided: number;
      event: { seq: number; kind: string; count: number; data: unknown };
    }>();
    expect(body).toMatchObject({ dry_run: false, voided: 2, event: { seq: 6, kind: 'void', count: 2 } });
    expect(body.event.data).toEqual({
      by: 'ana',
      reason: 'test gift and bad reading',
      target: { seq: { from: 3, to: 4 } },
    });

    const stats = await get<Stats>('/api/profiles/ana/stats');
    expect(stats.combined).toMatchObject({ likes: 3, coins: 10, gifts: 1, viewers: 50, peak_viewers: 50 });
    const { sessions } = await get<{ sessions: { coins: number; peak_viewers: number; gifts: number }[] }>(
      '/api/profiles/ana/sessions',
    );
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ coins: 10, gifts: 1, peak_viewers: 50 });
    const board = await get<{ entries: { viewer: { id: string }; total: number }[] }>(
      '/api/profiles/ana/leaderboards?metric=coins&period=all',
    );
    expect(board.entries.map((r) => [r.viewer.id, r.total])).toEqual([['u1', 10]]);
    // bo's only event was the voided gift: as if bo never came.
    const viewer = await get<{ error: { code: string } }>('/api/profiles/ana/viewers/u2');
    expect(viewer.error.code).toBe('VIEWER_NOT_FOUND');

    const { events } = await get<EventsPage>('/api/profiles/ana/events');
    expect(events.map((e) => [e.seq, e.kind, e.voided_by ?? null])).toEqual([
      [1, 'viewers', null],
      [2, 'gift', null],
      [3, 'viewers', 6],
      [4, 'gift', 6],
      [5, 'like', null],
      [6, 'void', null],
    ]);
  });

  test('a void by source id, and one by stream and time range', async () => {
    await pushShow();
    expect((await voidEvents({ target: { source_id: 'g1' }, reason: 'refunded' })).json()).toMatchObject({
      voided: 1,
    });
    const byTime = await voidEvents({
      target: { stream: 'tiktok-a', from: new Date(T + 2000).toISOString(), to: T + 3001 },
      reason: 'a glitch',
    });
    expect(byTime.json()).toMatchObject({ voided: 2, event: { stream: 'tiktok-a', data: { by: 'api' } } });
    const stats = await get<Stats>('/api/profiles/ana/stats');
    expect(stats.combined).toMatchObject({ likes: 3, coins: 0, gifts: 0, viewers: 50 });
  });

  test('a dry run counts and records nothing', async () => {
    await pushShow();
    const res = await voidEvents({
      target: { seq: { from: 1, to: 5 } },
      reason: 'just looking',
      dry_run: true,
    });
    expect(res.json()).toEqual({ dry_run: true, voided: 5, event: null });
    expect((await get<EventsPage>('/api/profiles/ana/events')).events).toHaveLength(5);
    expect((await get<Stats>('/api/profiles/ana/stats')).combined.coins).toBe(5010);
  });

  test('a void matching nothing, or only events already voided, answers 400 and records nothing', async () => {
    await pushShow();
    const none = await voidEvents({ target: { source_id: 'nope' }, reason: 'typo' });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error: { code: 'VOID_MATCHES_NOTHING' } });
    expect((await voidEvents({ target: { seq: { from: 2, to: 2 } }, reason: 'once' })).statusCode).toBe(200);
    const again = await voidEvents({ target: { seq: { from: 2, to: 2 } }, reason: 'twice' });
    expect(again.json()).toMatchObject({ error: { code: 'VOID_MATCHES_NOTHING' } });
    expect((await get<EventsPage>('/api/profiles/ana/events')).events).toHaveLength(6);
  });

  test('a void never takes back another void', async () => {
    await pushShow();
    await voidEvents({ target: { seq: { from: 5, to: 5 } }, reason: 'first' });
    const res = await voidEvents({ target: { seq: { from: 6, to: 6 } }, reason: 'the void itself' });
    expect(res.json()).toMatchObject({ error: { code: 'VOID_MATCHES_NOTHING' } });
  });

  test('voided triggers leave the recent triggers', async () => {
    await push([
      { stream: 'tiktok-a', kind: 'trigger', at: T, data: { type: 'test_trigger' } },
      { stream: 'tiktok-a', kind: 'trigger', at: T + 1, data: { type: 'kept' } },
    ]);
    const before = await get<{ recent_triggers: { type: string }[] }>('/api/stats?profile=ana');
    expect(before.recent_triggers.map((r) => r.type)).toEqual(['kept', 'test_trigger']);
    await voidEvents({ target: { seq: { from: 1, to: 1 } }, reason: 'a test' });
    // The live views take the void as it is committed: wait for it to reach them.
    await vi.waitFor(async () => {
      const after = await get<{ recent_triggers: { type: string }[] }>('/api/stats?profile=ana');
      expect(after.recent_triggers.map((r) => r.type)).toEqual(['kept']);
    });
  });

  test("a void takes back only its own profile's events", async () => {
    await t.app.inject({ method: 'POST', url: '/api/profiles', payload: { id: 'bo', name: 'Bo' } });
    await t.app.inject({
      method: 'POST',
      url: '/api/profiles/bo/streams',
      payload: { id: 'tiktok-a', platform: 'tiktok', channel: '@bo' },
    });
    await pushShow();
    const other = [{ stream: 'tiktok-a', kind: 'like', at: T, id: 'g1', count: 9 }];
    await t.app.inject({ method: 'POST', url: '/api/profiles/bo/events', payload: other });
    expect((await voidEvents({ target: { source_id: 'g1' }, reason: 'mine only' })).json()).toMatchObject({
      voided: 1,
    });
    expect((await get<Stats>('/api/profiles/bo/stats')).combined.likes).toBe(9);
    const { events } = await get<EventsPage>('/api/profiles/bo/events');
    expect(events.map((e) => e.voided_by ?? null)).toEqual([null]);
  });

  test('a malformed void answers 400 listing the problems, and an unknown profile 404', async () => {
    for (const payload of [
      { target: { seq: { from: 5, to: 2 } }, reason: 'backwards' },
      { target: { seq: { from: 1, to: 2 }, source_id: 'x' }, reason: 'two targets' },
      { target: { stream: 'tiktok-a', from: T, to: T }, reason: 'empty range' },
      { target: { source_id: 'x' } },
      { target: { source_id: 'x' }, reason: '   ' },
      { target: {}, reason: 'nothing' },
    ]) {
      const res = await voidEvents(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json<{ error: { details: unknown[] } }>().error.details.length).toBeGreaterThan(0);
    }
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/profiles/nobody/events/void',
      payload: { target: { source_id: 'x' }, reason: 'r' },
    });
    expect(missing.statusCode).toBe(404);
  });
});
