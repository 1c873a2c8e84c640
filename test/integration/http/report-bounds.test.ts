import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LiveEvent } from '../../../src/core/live-event.js';
import {
  MAX_REPORT_ROLLUPS,
  MAX_TIMELINE_BUCKETS,
} from '../../../src/analytics/session-report/report-window.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const M = 60_000;
const DAY = 24 * 60 * M;
// Ten days ago, on a minute: a 24/7 stream's session that never had a gap.
const T = Math.floor((Date.now() - 10 * DAY - 30 * M) / M) * M;
let t: TestApp;
let longSession: number;
let wideSession: number;

/** One event per `every` minutes on each stream over `days`, in submissions of 20,000. */
async function fill(profile: string, streams: string[], days: number, every: number): Promise<void> {
  let batch: LiveEvent[] = [];
  for (let minute = 0; minute < days * 24 * 60; minute += every) {
    for (const stream of streams)
      batch.push({
        stream,
        kind: 'viewers',
        at: T + minute * M + 1000,
        count: 100 + (minute % 50),
        value: 0,
      });
    if (batch.length >= 20_000) {
      await t.services.pipeline.submit(profile, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await t.services.pipeline.submit(profile, batch);
}

async function firstSession(profile: string): Promise<number> {
  const res = await t.app.inject({ url: `/api/profiles/${profile}/sessions` });
  return res.json<{ sessions: { id: number }[] }>().sessions.at(-1)!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'radio', name: 'A 24/7 radio' });
  await t.services.profiles.createStream('radio', { id: 'yt', platform: 'youtube', channel: 'radio' });
  await fill('radio', ['yt'], 10, 4);
  longSession = await firstSession('radio');
  // Seven streams with a reading every minute for seven days: more stream-minutes than one report reads.
  const streams = Array.from({ length: 7 }, (_, i) => `s${i}`);
  await t.services.profiles.create({ id: 'wide', name: 'Many streams' });
  for (const id of streams)
    await t.services.profiles.createStream('wide', { id, platform: 'custom', channel: id });
  await fill('wide', streams, 7.2, 1);
  wideSession = await firstSession('wide');
}, 120_000);
afterAll(() => t.close());

const report = (profile: string, id: number, query = '') =>
  t.app.inject({ url: `/api/profiles/${profile}/sessions/${id}/report${query}` });

interface Report {
  window: { from: number; to: number; partial: boolean };
  resolution: number;
  combined: { timeline: unknown[] };
  streams: { timeline: unknown[] }[];
}

describe('bounded session reports', () => {
  test('a session longer than 7 days is reported over its last 7 days, within the bucket bound', async () => {
    const res = await report('radio', longSession);
    expect(res.statusCode).toBe(200);
    const r = res.json<Report>();
    expect(r.window.partial).toBe(true);
    expect(r.window.to - r.window.from).toBe(7 * DAY);
    expect(r.resolution).toBe(15);
    expect(r.combined.timeline.length).toBeLessThanOrEqual(MAX_TIMELINE_BUCKETS);
    expect(r.combined.timeline.length).toBe(7 * 24 * 4 + 1);
  });

  test('a timeline finer than the bucket bound allows answers 400 naming the resolution and the finest that fits', async () => {
    const res = await report('radio', longSession, '?resolution=1');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: {
        code: 'RESOLUTION_TOO_FINE',
        details: [
          {
            field: 'querystring.resolution',
            message: expect.stringContaining('ask for 15 or coarser') as string,
          },
        ],
      },
    });
  });

  test('from and to report another part of the session, clipped to it; longer than 7 days or outside it answers 400', async () => {
    const part = await report(
      'radio',
      longSession,
      `?from=${T + DAY}&to=${new Date(T + DAY + 2 * 3600_000).toISOString()}`,
    );
    expect(part.statusCode).toBe(200);
    const r = part.json<Report>();
    expect(r.window).toEqual({ from: T + DAY, to: T + DAY + 2 * 3600_000, partial: true });
    expect(r.resolution).toBe(5);
    const early = await report('radio', longSession, `?from=${T - DAY}&to=${T + 60 * M}`);
    expect(early.json<Report>().window.from).toBeGreaterThanOrEqual(T);
    const tooLong = await report('radio', longSession, `?from=${T}&to=${T + 8 * DAY}`);
    expect(tooLong.json()).toMatchObject({
      error: { code: 'REPORT_WINDOW_TOO_LONG', details: [{ field: 'querystring.to' }] },
    });
    const outside = await report('radio', longSession, `?from=${T - 3 * DAY}&to=${T - 2 * DAY}`);
    expect(outside.json()).toMatchObject({ error: { code: 'REPORT_WINDOW_EMPTY' } });
  });

  test(`a window holding more than ${MAX_REPORT_ROLLUPS} stream-minutes answers 400; a shorter part of it is reported`, async () => {
    const whole = await report('wide', wideSession);
    expect(whole.statusCode).toBe(400);
    expect(whole.json()).toMatchObject({ error: { code: 'REPORT_TOO_LARGE' } });
    const day = await report('wide', wideSession, `?from=${T}&to=${T + DAY}`);
    expect(day.statusCode).toBe(200);
    expect(day.json<Report>().streams).toHaveLength(7);
  });

  test("a session's drivers are analysed over the same last 7 days", async () => {
    const res = await t.app.inject({ url: `/api/profiles/radio/sessions/${longSession}/drivers` });
    expect(res.statusCode).toBe(200);
    const { from } = res.json<{ from: number }>();
    expect(from).toBeGreaterThanOrEqual(T + 3 * DAY - M);
  });
});
