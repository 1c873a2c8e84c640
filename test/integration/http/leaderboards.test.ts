import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LiveEvent } from '../../../src/core/live-event.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
const now = Date.now();
const HOUR = 3_600_000;
const rose = { id: '5655', name: 'Rose' };
const lion = { id: '6369', name: 'Lion' };
const ana = { id: '1', name: 'ana', display: 'Ana' };
const bo = { id: '2', name: 'bo' };
const cy = { id: '3', name: 'cyrus' };

const event = (e: Partial<LiveEvent> & Pick<LiveEvent, 'kind' | 'at'>): LiveEvent => ({
  stream: 'tt',
  count: 1,
  value: 0,
  ...e,
});

interface Entry {
  rank: number;
  viewer: { name: string };
  total: number;
}

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
}

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'p', name: 'P' });
  await t.services.profiles.createStream('p', { id: 'tt', platform: 'tiktok', channel: '@p' });
  // A session 40 days ago, and one now (more than the grace period apart).
  const old = now - 40 * 24 * HOUR;
  await t.services.pipeline.submit('p', [
    event({ kind: 'gift', at: old, user: bo, gift: lion, value: 2000 }),
    event({ kind: 'chat', at: old + 1000, user: cy, text: 'first' }),
  ]);
  await t.services.pipeline.submit('p', [
    event({ kind: 'gift', at: now - 5000, user: ana, gift: rose, count: 30, value: 30 }),
    event({ kind: 'gift', at: now - 4000, user: ana, gift: lion, value: 500 }),
    event({ kind: 'gift', at: now - 3000, user: bo, gift: rose, count: 5, value: 5 }),
    event({ kind: 'chat', at: now - 2000, user: cy, text: 'hi' }),
    event({ kind: 'chat', at: now - 1000, user: cy, text: 'hey' }),
    event({ kind: 'like', at: now - 500, user: bo, count: 40 }),
  ]);
});

afterAll(() => t.close());

describe('leaderboards', () => {
  test('ranks viewers by coins over all time, with their gift types and biggest gift', async () => {
    const { status, body } = await get('/api/profiles/p/leaderboards?metric=coins&period=all');
    expect(status).toBe(200);
    expect(body.entries.map((e: Entry) => [e.rank, e.viewer.name, e.total])).toEqual([
      [1, 'bo', 2005],
      [2, 'ana', 530],
    ]);
    expect(body.entries[1].gift_types).toEqual([
      { gift_id: '6369', gift_name: 'Lion', count: 1, coins: 500 },
      { gift_id: '5655', gift_name: 'Rose', count: 30, coins: 30 },
    ]);
    expect(body.entries[0].biggest_gift).toEqual({ gift_id: '6369', gift_name: 'Lion', coins: 2000 });
    expect(body.entries[1].viewer).toEqual({ id: '1', name: 'ana', display: 'Ana' });
  });

  test('today and last7d leave out the session of 40 days ago; a session id picks one session', async () => {
    const today = await get('/api/profiles/p/leaderboards?metric=coins&period=today');
    expect(today.body.entries.map((e: Entry) => [e.viewer.name, e.total])).toEqual([
      ['ana', 530],
      ['bo', 5],
    ]);
    expect(today.body.period).toMatchObject({ kind: 'today', timezone: 'UTC' });
    const week = await get('/api/profiles/p/leaderboards?metric=messages&period=last7d');
    expect(week.body.entries.map((e: Entry) => [e.viewer.name, e.total])).toEqual([['cyrus', 2]]);
    const sessions = (await get('/api/profiles/p/sessions')).body.sessions as {
      id: number;
      started_at: number;
    }[];
    const oldest = sessions.at(-1)!;
    const one = await get(`/api/profiles/p/leaderboards?metric=messages&period=session:${oldest.id}`);
    expect(one.body.entries.map((e: Entry) => [e.viewer.name, e.total])).toEqual([['cyrus', 1]]);
    expect(one.body.period.session).toBe(oldest.id);
  });

  test('a custom period needs from and to, and lists what is missing', async () => {
    const bad = await get('/api/profiles/p/leaderboards?period=custom');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['from', 'to']);
    const from = new Date(now - HOUR).toISOString();
    const ok = await get(
      `/api/profiles/p/leaderboards?metric=likes&period=custom&from=${from}&to=${now + HOUR}`,
    );
    expect(ok.body.entries.map((e: Entry) => [e.viewer.name, e.total])).toEqual([['bo', 40]]);
    expect((await get('/api/profiles/p/leaderboards?period=yesterday')).status).toBe(400);
    expect((await get('/api/profiles/p/leaderboards?metric=hugs')).status).toBe(400);
    expect((await get('/api/profiles/p/leaderboards?period=session:999999')).status).toBe(404);
  });

  test('the profile time zone is validated and shapes today', async () => {
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/profiles/p/settings/timezone',
      payload: { timezone: 'Mars/Olympus' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('timezone');
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/profiles/p/settings/timezone',
      payload: { timezone: 'Asia/Kolkata' },
    });
    expect(put.json()).toEqual({ timezone: 'Asia/Kolkata' });
    const today = await get('/api/profiles/p/leaderboards?period=today');
    expect(today.body.period.timezone).toBe('Asia/Kolkata');
    // Midnight in Kolkata is 18:30 UTC.
    expect(new Date(today.body.period.from as number).toISOString()).toMatch(/T18:30:00.000Z$/);
  });
});

describe('viewer profiles', () => {
  test('lists viewers with search, XP and level, and shows one with their sessions', async () => {
    const found = await get('/api/profiles/p/viewers?search=CY&sort=comments');
    expect(found.body.total).toBe(1);
    expect(found.body.viewers[0]).toMatchObject({ user_id: '3', comments: 3, sessions: 2, xp: 6, level: 1 });
    const bo = await get('/api/profiles/p/viewers/2');
    expect(bo.status).toBe(200);
    // 2005 coins + 40 likes x 0.1 = 2009 XP: level floor(sqrt(2009 / 25)) + 1 = 9.
    expect(bo.body).toMatchObject({ coins: 2005, likes: 40, sessions: 2, xp: 2009, level: 9 });
    expect(bo.body.recent_sessions.map((s: { coins: number }) => s.coins)).toEqual([5, 2000]);
    expect(bo.body.recent_sessions[0].stream).toBe('tt');
    expect((await get('/api/profiles/p/viewers/nobody')).status).toBe(404);
  });

  test('refuses U+0000 in a search or a viewer id with 400 (PostgreSQL cannot compare it)', async () => {
    const search = await get('/api/profiles/p/viewers?search=c%00');
    expect(search.status).toBe(400);
    expect(search.body.error.details[0].field).toBe('querystring.search');
    const viewer = await get('/api/profiles/p/viewers/2%00');
    expect(viewer.status).toBe(400);
    expect(viewer.body.error.details[0].field).toBe('params.id');
  });
});
