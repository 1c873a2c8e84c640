import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { ClipCalendar, currentClipPeriod } from './clip-periods.js';
import { startOf, wallClock } from './zoned-time.js';

describe('clip calendar', () => {
  test('places a clip in its local day, Monday week and month, with its local weekday and hour', () => {
    // 2026-03-29 00:30 UTC is Sunday 01:30 in Berlin, before the switch to summer time.
    const at = Date.UTC(2026, 2, 29, 0, 30);
    const p = new ClipCalendar('Europe/Berlin').place(at);
    expect(p.starts.day).toBe(Date.UTC(2026, 2, 28, 23));
    expect(p.starts.week).toBe(Date.UTC(2026, 2, 22, 23));
    expect(p.starts.month).toBe(Date.UTC(2026, 1, 28, 23));
    expect(p.starts.all_time).toBe(0);
    expect(p.weekday).toBe(6);
    expect(p.hour).toBe(1);
  });

  test('ends a day that has 23 hours at the next local midnight', () => {
    const calendar = new ClipCalendar('Europe/Berlin');
    const day = calendar.place(Date.UTC(2026, 2, 29, 12)).starts.day;
    expect(calendar.endOf('day', day)! - day).toBe(23 * 3_600_000);
    expect(calendar.endOf('all_time', 0)).toBeNull();
  });

  test('gives the current period around now', () => {
    const now = Date.UTC(2026, 11, 7, 12);
    expect(currentClipPeriod('month', now, 'UTC')).toEqual({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
    expect(currentClipPeriod('all_time', now, 'UTC')).toEqual({ start: 0, end: null });
  });

  test('places any instant as the wall clock of its zone does, across offset changes and odd offsets', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC']) {
      const calendar = new ClipCalendar(zone);
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }), (ms) => {
          const p = calendar.place(ms);
          const w = wallClock(ms, zone);
          expect([p.weekday, p.hour]).toEqual([w.weekday, w.hour]);
          expect(p.starts.day).toBe(startOf('day', ms, zone));
          expect(p.starts.week).toBe(startOf('week', ms, zone));
          expect(p.starts.month).toBe(startOf('month', ms, zone));
        }),
        { numRuns: 300 },
      );
    }
  });
});
