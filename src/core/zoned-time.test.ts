import { describe, expect, test } from 'vitest';
import { isTimeZone, startOf, startOfNext, wallClock } from './zoned-time.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('zoned calendar boundaries', () => {
  test('a day starts at local midnight, whatever the offset (including half and quarter hours)', () => {
    const at = Date.parse('2026-03-10T03:30:00Z');
    expect(iso(startOf('day', at, 'UTC'))).toBe('2026-03-10T00:00:00.000Z');
    expect(iso(startOf('day', at, 'America/New_York'))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(startOf('day', at, 'Asia/Kolkata'))).toBe('2026-03-09T18:30:00.000Z');
    expect(iso(startOf('day', at, 'Asia/Kathmandu'))).toBe('2026-03-09T18:15:00.000Z');
  });

  test('weeks start on Monday and months on the 1st, in the zone', () => {
    // Sunday 2026-03-08 23:30 in Berlin is still in the week that began Monday 2026-03-02.
    const at = Date.parse('2026-03-08T22:30:00Z');
    expect(iso(startOf('week', at, 'Europe/Berlin'))).toBe('2026-03-01T23:00:00.000Z');
    expect(iso(startOf('month', at, 'Europe/Berlin'))).toBe('2026-02-28T23:00:00.000Z');
    expect(iso(startOfNext('month', at, 'Europe/Berlin'))).toBe('2026-03-31T22:00:00.000Z');
  });

  test('a day across a daylight-saving change is 23 or 25 hours long', () => {
    const springForward = Date.parse('2026-03-08T12:00:00Z');
    const start = startOf('day', springForward, 'America/New_York');
    const end = startOfNext('day', springForward, 'America/New_York');
    expect((end - start) / 3_600_000).toBe(23);
    const fallBack = Date.parse('2026-11-01T12:00:00Z');
    expect(
      (startOfNext('day', fallBack, 'America/New_York') - startOf('day', fallBack, 'America/New_York')) /
        3_600_000,
    ).toBe(25);
  });

  test('knows real zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(wallClock(Date.parse('2026-03-09T00:00:00Z'), 'UTC').weekday).toBe(0);
  });
});
