import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const T = Date.UTC(2026, 0, 10, 18, 0, 0);
let t: TestApp;

async function setup(app: TestApp['app']) {
  expect(
    (await app.inject({ method: 'POST', url: '/api/profiles', payload: { id: 'alice', name: 'Alice' } }))
      .statusCode,
  ).toBe(201);
  for (const [id, platform, channel] of [
    ['tiktok-a', 'tiktok', '@alice'],
    ['twitch-a', 'twitch', '#alice'],
  ]) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/profiles/alice/streams',
      payload: { id, platform, channel },
    });
    expect(res.statusCode).toBe(201);
  }
}

beforeEach(async () => {
  t = await createTestApp();
  await setup(t.app);
});
afterEach(() => t.close());

describe('POST /api/profiles/:profile/events', () => {
  test('stores a JSON array and reports stored and duplicate counts', async () => {
    const events = [
      { stream: 'tiktok-a', kind: 'viewers', at: T, count: 120 },
      {
        stream: 'tiktok-a',
        kind: 'gift',
        at: new Date(T + 1000).toISOString(),
        id: 'g1',
        user: { id: '1', name: 'bob' },
        count: 5,
        value: 5,
        gift: { id: 5655, name: 'Rose' },
      },
      {
        stream: 'twitch-a',
        kind: 'chat',
        at: T + 2000,
        id: 'c1',
        user: { id: '2', name: 'carol' },
        text: 'hi',
      },
    ];
    const first = await t.app.inject({ method: 'POST', url: '/api/profiles/alice/events', payload: events });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ stored: 3, duplicates: 0 });
    const retry = await t.app.inject({
      method: 'POST',
      url: '/api/profiles/alice/events',
      payload: events.slice(1),
    });
    expect(retry.json()).toEqual({ stored: 0, duplicates: 2 });

    const stats = (await t.app.inject({ url: '/api/profiles/alice/stats' })).json();
    expect(stats.combined).toMatchObject({
      viewers: 120,
      peak_viewers: 120,
      coins: 5,
      gifts: 5,
      comments: 1,
    });
    expect(Object.keys(stats.streams).sort()).toEqual(['tiktok-a', 'twitch-a']);
    expect(stats.streams['twitch-a']).toMatchObject({ comments: 1, viewers: 0 });
  });

  test('takes NDJSON', async () => {
    const body = [
      JSON.stringify({ stream: 'tiktok-a', kind: 'like', at: T, count: 7 }),
      '',
      JSON.stringify({ stream: 'tiktok-a', kind: 'follow', at: T + 1, user: { id: '9', name: 'z' } }),
    ].join('\n');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/profiles/alice/events',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    expect(res.json()).toEqual({ stored: 2, duplicates: 0 });
    expect((await t.app.inject({ url: '/api/profiles/alice/stats' })).json().combined).toMatchObject({
      likes: 7,
      followers: 1,
    });
  });

  test('rejects a batch with any invalid event, lists every problem and stores nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/profiles/alice/events',
      payload: [
        { stream: 'tiktok-a', kind: 'like', at: T, count: 3 },
        { stream: 'tiktok-a', kind: 'viewers', at: 1_700_000_000 },
        { stream: 'tiktok-a', kind: 'dance', at: T },
        { stream: 'nope', kind: 'like', at: T },
      ],
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('EVENT_INVALID');
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: 'at' }),
        expect.objectContaining({ index: 1, field: 'count' }),
        expect.objectContaining({ index: 2, field: 'kind' }),
      ]),
    );
    const log = (await t.app.inject({ url: '/api/profiles/alice/events' })).json();
    expect(log).toEqual({ events: [], next: null });
  });

  test('names an unknown stream, with its index', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/profiles/alice/events',
      payload: [
        { stream: 'tiktok-a', kind: 'like', at: T },
        { stream: 'youtube-x', kind: 'like', at: T },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([expect.objectContaining({ index: 1, field: 'stream' })]);
  });

  test('reports NDJSON lines that are not JSON with their line number', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/profiles/alice/events',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify({ stream: 'tiktok-a', kind: 'like', at: T })}\n{oops\n`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([expect.objectContaining({ index: 1, field: '(line 2)' })]);
  });

  test('refuses a batch with no events, JSON or NDJSON, with 400 naming it', async () => {
    for (const [type, payload] of [
      ['application/json', '[]'],
      ['application/x-ndjson', ''],
      ['application/x-ndjson', '\n  \r\n\n'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/profiles/alice/events',
        headers: { 'content-type': type },
        payload,
      });
      expect(res.statusCode, `${type} ${JSON.stringify(payload)}`).toBe(400);
      expect(res.json().error).toEqual({
        code: 'EVENT_INVALID',
        message: 'the batch holds no events; send at least one',
        details: [{ field: '(batch)', message: 'holds no events' }],
        total: 1,
      });
    }
  });

  test('lists at most 100 problems of a huge invalid batch, with their total', async () => {
    const bad = { stream: 'tiktok-a', kind: 'nope', at: 'bad' };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/profiles/alice/events',
      payload: Array.from({ length: 40_000 }, () => bad),
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.details).toHaveLength(100);
    expect(error.total).toBe(80_000);
    expect(error.message).toBe(
      '80000 problem(s) in the batch (the first 100 are listed); nothing was stored',
    );
    expect(res.body.length).toBeLessThan(30_000);
  });

  test('refuses a batch larger than the queue limit with 413 before validating it', async () => {
    const bad = JSON.stringify({ stream: 'tiktok-a', kind: 'nope', at: 'bad' });
    for (const [type, payload] of [
      ['application/json', `[${Array(50_001).fill(bad).join(',')}]`],
      ['application/x-ndjson', Array(50_001).fill(bad).join('\n')],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/profiles/alice/events',
        headers: { 'content-type': type },
        payload,
      });
      expect(res.statusCode, type).toBe(413);
      expect(res.json().error).toEqual({
        code: 'BATCH_TOO_LARGE',
        message: 'a batch may hold at most 50000 events; split it (got 50001)',
      });
    }
  });

  test('names a __proto__ key inside data, and takes ISO-8601 times only', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/profiles/alice/events',
      headers: { 'content-type': 'application/json' },
      payload: `[{"stream":"tiktok-a","kind":"like","at":"1"},{"stream":"tiktok-a","kind":"like","at":${T},"data":{"__proto__":{"admin":true}}}]`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      expect.objectContaining({ index: 0, field: 'at' }),
      expect.objectContaining({ index: 1, field: 'data.__proto__' }),
    ]);
    expect((await t.app.inject({ url: '/api/profiles/alice/events' })).json().events).toEqual([]);
  });

  test('answers 404 for an unknown profile', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/profiles/nobody/events', payload: [] });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PROFILE_NOT_FOUND');
  });
});

describe('GET /api/profiles/:profile/events', () => {
  test('pages with a cursor, each event with its seq and wire fields', async () => {
    const payload = Array.from({ length: 5 }, (_, i) => ({
      stream: 'tiktok-a',
      kind: 'like',
      at: T + i,
      id: `l${i}`,
      count: i + 1,
    }));
    await t.app.inject({ method: 'POST', url: '/api/profiles/alice/events', payload });
    const page1 = (await t.app.inject({ url: '/api/profiles/alice/events?limit=3' })).json();
    expect(page1.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    expect(page1.next).toBe(3);
    expect(page1.events[0]).toEqual({
      seq: 1,
      stream: 'tiktok-a',
      kind: 'like',
      at: T,
      id: 'l0',
      count: 1,
      value: 0,
    });
    const page2 = (
      await t.app.inject({ url: `/api/profiles/alice/events?after=${page1.next}&limit=3` })
    ).json();
    expect(page2.events.map((e: { seq: number }) => e.seq)).toEqual([4, 5]);
    expect(page2.next).toBeNull();
  });
});

describe('stats reset', () => {
  test('resets one stream, recorded as an event', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/profiles/alice/events',
      payload: [
        { stream: 'tiktok-a', kind: 'like', at: T, count: 10 },
        { stream: 'twitch-a', kind: 'like', at: T, count: 5 },
      ],
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/profiles/alice/stats/reset',
      payload: { stream: 'tiktok-a' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().streams['tiktok-a'].likes).toBe(0);
    expect(res.json().combined.likes).toBe(5);
    const all = await t.app.inject({ method: 'POST', url: '/api/profiles/alice/stats/reset' });
    expect(all.json().combined.likes).toBe(0);
    const kinds = (await t.app.inject({ url: '/api/profiles/alice/events' }))
      .json()
      .events.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === 'reset')).toHaveLength(3);
  });
});
