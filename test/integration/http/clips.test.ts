import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

/** Helix Get Clips items as recorded (test/fixtures/real/SOURCES.md), pushed as a tool passes them on. */
const helix = [
  'test/fixtures/real/twitch-helix/twitch_api-rs-get_clips-1.json',
  'test/fixtures/real/nicklaw5-helix/get-clips-response.json',
].flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { data: Record<string, unknown>[] }).data);

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'p', name: 'P' });
  // The broadcaster of the first recorded clip is a Twitch channel of this profile.
  await t.services.profiles.createStream('p', { id: 'tw', platform: 'twitch', channel: 'chewiemelodies' });
  await t.services.profiles.create({ id: 'other', name: 'Other' });
});
afterAll(() => t.close());

const push = (profile: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url: `/api/profiles/${profile}/clips`, payload: payload as object });

interface Page {
  clips: { seq: number; clip_id: string; view_count: number; stream: string | null; [k: string]: unknown }[];
  next: number | null;
}

test('clips pushed as Helix returned them are stored once each, tied to the stream they were clipped on, and a push again updates them', async () => {
  const first = await push('p', helix);
  expect(first.statusCode).toBe(200);
  expect(first.json()).toEqual({
    received: helix.length,
    clips: helix.length,
    created: helix.length,
    updated: 0,
  });
  const again = await push(
    'p',
    helix.map((c) => ({ ...c, url: c.embed_url, view_count: Number(c.view_count) + 100 })),
  );
  expect(again.json()).toEqual({
    received: helix.length,
    clips: helix.length,
    created: 0,
    updated: helix.length,
  });
  const page = (await t.app.inject({ url: '/api/profiles/p/clips' })).json<Page>();
  expect(page.next).toBeNull();
  expect(page.clips.map((c) => [c.clip_id, c.view_count, c.stream])).toEqual(
    helix.map((c) => [
      c.id,
      Number(c.view_count) + 100,
      String(c.broadcaster_name).toLowerCase() === 'chewiemelodies' ? 'tw' : null,
    ]),
  );
  const views = await t.app.inject({ url: `/api/profiles/p/clips/${page.clips[0]!.seq}/views` });
  expect(views.json<{ views: { view_count: number }[] }>().views.map((v) => v.view_count)).toEqual([
    Number(helix[0]!.view_count),
    Number(helix[0]!.view_count) + 100,
  ]);
  expect((await t.app.inject({ url: '/api/profiles/p/clips/999/views' })).json()).toMatchObject({
    error: { code: 'CLIP_NOT_FOUND' },
  });
  // The other profile sees none of them.
  expect((await t.app.inject({ url: '/api/profiles/other/clips' })).json()).toEqual({
    clips: [],
    next: null,
  });
});

test("in the seed's shape, pages follow their cursor to the end", async () => {
  const shorts = Array.from({ length: 5 }, (_, i) => ({
    url: `https://www.youtube.com/shorts/bbbbbbbbb${String(i).padStart(2, '0')}`,
    title: `short ${i}`,
    creator_name: 'maker',
    creator_id: 'UC1',
    game_name: '',
    created_at: '2026-11-30T12:00:00Z',
    view_count: i,
    discord_shares: 1,
    reaction_types: { '🔥': i },
  }));
  expect((await push('other', shorts)).json()).toMatchObject({ created: 5 });
  const first = (await t.app.inject({ url: '/api/profiles/other/clips?limit=3' })).json<Page>();
  expect(first.next).toBe(first.clips[2]!.seq);
  const rest = (
    await t.app.inject({ url: `/api/profiles/other/clips?limit=3&after=${first.next}` })
  ).json<Page>();
  expect(rest.next).toBeNull();
  expect([...first.clips, ...rest.clips].map((c) => c.title)).toEqual(shorts.map((s) => s.title));
});

test('a batch with any invalid clip is refused whole, every problem listed', async () => {
  const before = (await t.app.inject({ url: '/api/profiles/p/clips?limit=1000' })).json<Page>().clips.length;
  const answer = await push('p', [
    { ...helix[0], url: 'https://www.youtube.com/shorts/ccccccccccc' },
    { ...helix[0], url: 'https://example.com/not-a-clip', view_count: -5, colour: 'red' },
    'a string',
  ]);
  expect(answer.statusCode).toBe(400);
  expect(answer.json()).toMatchObject({
    error: {
      code: 'CLIP_INVALID',
      total: 4,
      details: [
        { index: 1, field: 'url' },
        { index: 1, field: 'view_count' },
        { index: 1, field: 'colour', message: 'is not a known field' },
        { index: 2, field: '(clip)' },
      ],
    },
  });
  expect((await t.app.inject({ url: '/api/profiles/p/clips?limit=1000' })).json<Page>().clips).toHaveLength(
    before,
  );
  for (const body of [[], {}, [null]]) {
    expect((await push('p', body)).json()).toMatchObject({ error: { code: 'CLIP_INVALID' } });
  }
  expect((await push('nobody', [helix[0]])).statusCode).toBe(404);
});
