import { describe, expect, test } from 'vitest';
import { wallClock } from '../../core/zoned-time.js';
import { planBroadcasts } from './broadcast-plan.js';
import { SeededRandom } from './seeded-random.js';

const NOW = Date.UTC(2026, 11, 7, 6, 0, 0);
const DAY = 86_400_000;
const window = (timeZone: string) => ({ from: NOW - 28 * DAY, to: NOW, timeZone, clearMs: 300_000 });

describe('planBroadcasts', () => {
  test.each(['tiktok', 'twitch'] as const)(
    'plans %s broadcasts on most days, apart, whole, and off the air for the last grace before now',
    (platform) => {
      const plan = planBroadcasts(platform, window('UTC'), new SeededRandom(1));
      expect(plan.length).toBeGreaterThanOrEqual(20);
      const days = new Set(plan.map((b) => Math.floor(b.start / DAY)));
      expect(days.size).toBeGreaterThanOrEqual(20);
      plan.forEach((b, i) => {
        expect(b.end - b.start).toBeGreaterThanOrEqual(50 * 60_000);
        expect(b.start).toBeGreaterThanOrEqual(NOW - 28 * DAY);
        expect(b.end).toBeLessThanOrEqual(NOW - 300_000);
        // More than any session grace of minutes between two broadcasts: each is a session.
        if (i > 0) expect(b.start - plan[i - 1]!.end).toBeGreaterThan(60 * 60_000);
      });
    },
  );

  test('starts broadcasts at local afternoon and evening hours of the time zone', () => {
    for (const timeZone of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
      const plan = planBroadcasts('tiktok', window(timeZone), new SeededRandom(2));
      const hours = plan.map((b) => wallClock(b.start, timeZone).hour);
      expect(
        hours.every((h) => h >= 11 && h <= 22),
        timeZone,
      ).toBe(true);
      expect(new Set(plan.map((b) => wallClock(b.start, timeZone).weekday)).size).toBe(7);
    }
  });
});
