import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

/** Monday 5 January 2026, 18:30 UTC: Tuesday 00:00 in India (+05:30). */
const TUESDAY_MIDNIGHT_IST = Date.UTC(2026, 0, 5, 18, 30);
const WEEK = 7 * 86_400_000;
const MIN = 60_000;

interface Cell {
  weekday: number;
  hour: number;
  hours: number;
  viewers: number | null;
  likes: number;
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`peak times (${engine})`, () => {
    let t: TestApp;
    let db: TestDatabase | undefined;

    beforeAll(async () => {
      db = engine === 'postgres' ? await createTestDatabase() : undefined;
      t = await createTestApp(db ? { STREAMPULSE_DATABASE_URL: db.url } : {});
      await createProfileWithStream(t.app, 'p', { id: 'a', platform: 'custom', channel: 'a' });
      await t.app.inject({
        method: 'POST',
        url: '/api/profiles/p/streams',
        payload: { id: 'b', platform: 'custom', channel: 'b' },
      });
      const pushed = await t.app.inject({
        method: 'POST',
        url: '/api/profiles/p/events',
        payload: [
          // A quarter of an hour before midnight in India: Monday 23:00 there.
          { stream: 'a', kind: 'like', at: TUESDAY_MIDNIGHT_IST - 10 * MIN, count: 1 },
          // Tuesday 00:00-01:00 there, two weeks running.
          { stream: 'a', kind: 'viewers', at: TUESDAY_MIDNIGHT_IST, count: 100 },
          { stream: 'a', kind: 'like', at: TUESDAY_MIDNIGHT_IST + MIN, count: 6 },
          { stream: 'b', kind: 'viewers', at: TUESDAY_MIDNIGHT_IST + 10 * MIN, count: 50 },
          { stream: 'a', kind: 'viewers', at: TUESDAY_MIDNIGHT_IST + 15 * MIN, count: 200 },
          { stream: 'a', kind: 'viewers', at: TUESDAY_MIDNIGHT_IST + WEEK + 5 * MIN, count: 300 },
          { stream: 'a', kind: 'like', at: TUESDAY_MIDNIGHT_IST + WEEK + 50 * MIN, count: 4 },
        ],
      });
      expect(pushed.statusCode).toBe(200);
    });
    afterAll(async () => {
      await t.close();
      await db?.drop();
    });

    const peakTimes = async (query = '') => {
      const res = await t.app.inject({ url: `/api/profiles/p/peak-times${query}` });
      expect(res.statusCode).toBe(200);
      return res.json<{ timezone: string; cells: Cell[] }>();
    };
    const brief = (cells: Cell[]) => cells.map((c) => [c.weekday, c.hour, c.hours, c.viewers, c.likes]);

    test("cells are the weekdays and hours of the profile's time zone, averaged over the hours that had activity", async () => {
      const zoned = await t.app.inject({
        method: 'PUT',
        url: '/api/profiles/p/settings/timezone',
        payload: { timezone: 'Asia/Kolkata' },
      });
      expect(zoned.statusCode).toBe(200);
      const grid = await peakTimes();
      expect(grid.timezone).toBe('Asia/Kolkata');
      expect(brief(grid.cells)).toEqual([
        // Monday 23:00: one hour, one like.
        [0, 23, 1, null, 1],
        // Tuesday 00:00: two hours (two weeks); stream a averages 200 over its three readings,
        // stream b 50; 10 likes over 2 hours.
        [1, 0, 2, 250, 5],
      ]);
    });

    test('the same activity in UTC falls on other cells; a period bounds it', async () => {
      await t.app.inject({
        method: 'PUT',
        url: '/api/profiles/p/settings/timezone',
        payload: { timezone: 'UTC' },
      });
      expect(brief((await peakTimes()).cells)).toEqual([
        [0, 18, 2, 250, 3.5],
        [0, 19, 1, null, 4],
      ]);
      const first = TUESDAY_MIDNIGHT_IST - 30 * MIN;
      const firstWeek = await peakTimes(`?period=custom&from=${first}&to=${first + WEEK}`);
      expect(brief(firstWeek.cells)).toEqual([[0, 18, 1, 200, 7]]);
    });

    test('a session is not a period of time: 400 naming the field', async () => {
      const res = await t.app.inject({ url: '/api/profiles/p/peak-times?period=session:1' });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { details: { field: string }[] } }>().error.details[0]!.field).toBe('period');
    });
  });
}
