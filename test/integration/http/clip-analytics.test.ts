import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const DAY = 86_400_000;
let t: TestApp;
let now: number;

const clip = (slug: string, creator: string, game: string, views: number, at: number, extra = {}) => ({
  url: `https://clips.twitch.tv/${slug}`,
  title: `The ${slug} moment`,
  creator_name: creator,
  creator_id: `id-${creator}`,
  game_name: game,
  created_at: new Date(at).toISOString(),
  view_count: views,
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'main', name: 'Main' });
  await t.services.profiles.create({ id: 'other', name: 'Other' });
  now = Date.now();
  const pushed = await t.app.inject({
    method: 'POST',
    url: '/api/profiles/main/clips',
    payload: [
      clip('TodayOne', 'ann', 'Chess', 900, now, { discord_shares: 3, reaction_types: { '🔥': 4, '😂': 1 } }),
      clip('RecentTwo', 'ann', 'Golf', 100, now - 3 * DAY),
      clip('OldThree', 'bob', 'Chess', 5000, now - 400 * DAY, { thumbnail_url: 'https://example.com/t.jpg' }),
    ],
  });
  expect(pushed.statusCode).toBe(200);
  await t.app.inject({
    method: 'POST',
    url: '/api/profiles/other/clips',
    payload: [clip('Elsewhere', 'zed', 'Poker', 1, now)],
  });
});
afterAll(() => t.close());

const get = async <T>(url: string) => {
  const res = await t.app.inject({ url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};

test("the seed's overview answers the profile named by ?profile= with its own clips only", async () => {
  const overview = await get<Record<string, unknown>>('/analytics/api/overview?profile=main');
  expect(overview).toMatchObject({
    period: 'all_time',
    total_clips: 3,
    total_views: 6000,
    unique_creators: 2,
    unique_games: 2,
    discord_shares: 3,
    discord_reactions: 5,
    top_game: { name: 'Chess', clip_count: 2 },
    top_creator: { name: 'ann', clip_count: 2 },
  });
  expect(overview.date_range).toEqual({
    start: new Date(now - 400 * DAY).toISOString().slice(0, 10),
    end: new Date(now).toISOString().slice(0, 10),
  });
  // The same under the profile's clips.
  expect(await get('/api/profiles/main/clips/analytics/overview')).toEqual(overview);
  expect((await get<{ total_clips: number }>('/analytics/api/overview?profile=other')).total_clips).toBe(1);
});

test('top creators and games follow the period asked, in the shapes of the clip seed', async () => {
  const creators = await get<{ period: string; creators: Record<string, unknown>[] }>(
    '/analytics/api/top-creators?profile=main&period=all_time&limit=5',
  );
  expect(creators.period).toBe('all_time');
  expect(creators.creators).toEqual([
    {
      creator_name: 'ann',
      creator_id: 'id-ann',
      creator_platform: 'twitch',
      clip_count: 2,
      total_views: 1000,
      avg_views: 500,
      discord_shares: 3,
      discord_reactions: 5,
      unique_games: 2,
      top_game: 'Chess',
    },
    expect.objectContaining({ creator_name: 'bob', clip_count: 1, unique_games: 1 }),
  ]);
  const month = await get<{ creators: { creator_name: string }[]; period_start: string }>(
    '/api/profiles/main/clips/analytics/top-creators?period=day',
  );
  expect(month.creators.map((c) => c.creator_name)).toEqual(['ann']);
  expect(month.period_start).toBe(`${new Date(now).toISOString().slice(0, 10)}T00:00:00.000Z`);

  const games = await get<{ games: Record<string, unknown>[] }>(
    '/analytics/api/top-games?profile=main&limit=1',
  );
  expect(games.games).toEqual([
    {
      game_name: 'Chess',
      game_id: null,
      clip_count: 2,
      total_views: 5900,
      avg_views: 2950,
      discord_shares: 3,
      discord_reactions: 5,
      unique_creators: 2,
      top_clip_id: 'OldThree',
      top_clip_views: 5000,
      top_clip: { title: 'The OldThree moment', url: 'https://clips.twitch.tv/OldThree' },
    },
  ]);
});

test('viral clips are the most viewed of the period above min_views, with their links and reactions', async () => {
  const all = await get<{
    clips: { clip_id: string; reaction_types: unknown[]; thumbnail_url: string | null }[];
  }>('/analytics/api/viral-clips?profile=main&min_views=500');
  expect(all.clips.map((c) => c.clip_id)).toEqual(['OldThree', 'TodayOne']);
  expect(all.clips[0]!.thumbnail_url).toBe('https://example.com/t.jpg');
  expect(all.clips[1]!.reaction_types).toEqual([
    { emoji: '🔥', count: 4 },
    { emoji: '😂', count: 1 },
  ]);
  const week = await get<{ clips: { clip_id: string }[] }>(
    '/analytics/api/viral-clips?profile=main&period=month&min_views=0',
  );
  expect(week.clips.map((c) => c.clip_id)).toContain('TodayOne');
  expect(week.clips.map((c) => c.clip_id)).not.toContain('OldThree');
});

test('the engagement timeline lists every day of the lookback, and peak times count clips by local hour and weekday', async () => {
  const timeline = await get<{ timeline: { date: string; clip_count: number; total_views: number }[] }>(
    '/analytics/api/engagement-timeline?profile=main&period=day&days=7',
  );
  expect(timeline.timeline).toHaveLength(7);
  const today = timeline.timeline[6]!;
  expect([today.date, today.clip_count, today.total_views]).toEqual([
    new Date(now).toISOString().slice(0, 10),
    1,
    900,
  ]);
  expect(timeline.timeline.reduce((n, d) => n + d.clip_count, 0)).toBe(2);

  const peak = await get<{ hourly: { hour: number; clip_count: number }[]; daily: { clip_count: number }[] }>(
    '/analytics/api/peak-times?profile=main',
  );
  expect(peak.hourly).toHaveLength(24);
  expect(peak.daily.reduce((n, d) => n + d.clip_count, 0)).toBe(3);
  expect(peak.hourly[new Date(now).getUTCHours()]!.clip_count).toBeGreaterThanOrEqual(1);
});

test("a clip's Discord shares list the messages the bot saw, and an unknown clip is a 404", async () => {
  const store = await t.services.engine.openProfile('main');
  const clip = (await store.listClips(0, 10)).find((c) => c.clip_id === 'RecentTwo')!;
  await store.recordClipShares(
    [
      {
        platform: 'twitch',
        clip_id: 'RecentTwo',
        url: clip.url,
        guild_id: '111111111111111111',
        channel_id: '222222222222222222',
        message_id: '333333333333333333',
        author_id: '444444444444444444',
        author_name: 'fan',
        at: now,
      },
    ],
    now,
  );
  const shares = await get<{ shares: Record<string, unknown>[] }>(
    `/api/profiles/main/clips/${clip.seq}/shares`,
  );
  expect(shares.shares).toEqual([
    expect.objectContaining({ message_id: '333333333333333333', author_name: 'fan', at: now }),
  ]);
  expect((await t.app.inject({ url: '/api/profiles/main/clips/999999/shares' })).statusCode).toBe(404);
  expect((await t.app.inject({ url: `/api/profiles/other/clips/${clip.seq}/shares` })).json()).not.toEqual(
    shares,
  );
});

test('a bad period, limit or lookback is a 400 naming the field; an unknown profile is a 404', async () => {
  const bad = await t.app.inject({ url: '/analytics/api/top-creators?profile=main&period=year&limit=0' });
  expect(bad.statusCode).toBe(400);
  const fields = JSON.stringify(bad.json());
  expect(fields).toContain('period');
  expect(fields).toContain('limit');
  expect(
    (await t.app.inject({ url: '/analytics/api/engagement-timeline?profile=main&days=99999' })).statusCode,
  ).toBe(400);
  expect((await t.app.inject({ url: '/analytics/api/overview?profile=nobody' })).statusCode).toBe(404);
  expect((await t.app.inject({ url: '/api/profiles/nobody/clips/analytics/peak-times' })).statusCode).toBe(
    404,
  );
});
