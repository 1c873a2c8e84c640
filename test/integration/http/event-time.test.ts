import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

const DAY = 24 * 3600_000;
let t: TestApp;

beforeEach(async () => {
  t = await createTestApp({ STREAMPULSE_MAX_FUTURE_MS: '300000' });
  await createProfileWithStream(t.app, 'ana', { id: 'tiktok-a', platform: 'tiktok', channel: '@ana' });
});
afterEach(() => t.close());

const push = (payload: object) => t.app.inject({ method: 'POST', url: '/api/profiles/ana/events', payload });
const get = async (url: string) =>
  (await t.app.inject({ method: 'GET', url })).json<Record<string, unknown>>();

describe('event time', () => {
  test('an event stamped further ahead than the skew is refused with 400 naming its at, and nothing is stored', async () => {
    const res = await push([
      { stream: 'tiktok-a', kind: 'like', at: Date.now() },
      { stream: 'tiktok-a', kind: 'viewers', at: '2999-01-01T00:00:00Z', count: 50 },
      { stream: 'tiktok-a', kind: 'like', at: Date.now() + 10 * 60_000 },
    ]);
    expect(res.statusCode).toBe(400);
    const { error } = res.json<{
      error: { code: string; details: { index: number; field: string; message: string }[] };
    }>();
    expect(error.code).toBe('EVENT_INVALID');
    expect(error.details.map((d) => [d.index, d.field])).toEqual([
      [1, 'at'],
      [2, 'at'],
    ]);
    expect(error.details[0]!.message).toMatch(/ahead of the server's clock/);
    expect((await get('/api/profiles/ana/events')).events).toEqual([]);
  });

  test('a reading stamped ahead within the skew is stored at its arrival, so the next reading replaces it', async () => {
    const before = Date.now();
    expect(
      (await push([{ stream: 'tiktok-a', kind: 'viewers', at: before + 4 * 60_000, count: 900 }])).statusCode,
    ).toBe(200);
    const [stored] = (await get('/api/profiles/ana/events')).events as { at: number }[];
    expect(stored!.at).toBeGreaterThanOrEqual(before);
    expect(stored!.at).toBeLessThanOrEqual(Date.now());
    expect(
      (await push([{ stream: 'tiktok-a', kind: 'viewers', at: Date.now(), count: 120 }])).statusCode,
    ).toBe(200);
    const stats = await get('/api/profiles/ana/stats');
    expect(stats.combined).toMatchObject({ viewers: 120, peak_viewers: 900 });
  });

  test('an event 30 days late forms a session of its own and leaves the open session and its report as they were', async () => {
    const now = Date.now();
    const live = Array.from({ length: 5 }, (_, i) => ({
      stream: 'tiktok-a',
      kind: 'viewers',
      at: now - (5 - i) * 60_000,
      count: 100 + i,
    }));
    expect((await push(live)).statusCode).toBe(200);
    expect(
      (await push([{ stream: 'tiktok-a', kind: 'like', at: now - 30 * DAY, count: 3 }])).statusCode,
    ).toBe(200);
    const { sessions } = (await get('/api/profiles/ana/sessions')) as {
      sessions: {
        id: number;
        started_at: number;
        ended_at: number | null;
        end_reason: string | null;
        likes: number;
      }[];
    };
    expect(sessions).toHaveLength(2);
    const [open, late] = sessions;
    expect(open).toMatchObject({ started_at: now - 5 * 60_000, ended_at: null, likes: 0 });
    expect(late).toMatchObject({
      started_at: now - 30 * DAY,
      ended_at: now - 30 * DAY,
      end_reason: 'late',
      likes: 3,
    });
    const report = (await get(`/api/profiles/ana/sessions/${open!.id}/report?resolution=1`)) as {
      combined: { timeline: unknown[] };
    };
    expect(report.combined.timeline.length).toBeLessThanOrEqual(6);
  });
});
