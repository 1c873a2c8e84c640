import { describe, expect, test } from 'vitest';
import { ZonedClock } from './zoned-clock.js';

describe('a zoned clock', () => {
  test('writes instants as the wall clock of the zone with its offset, across a DST change', () => {
    const berlin = new ZonedClock('Europe/Berlin');
    // 29 March 2026: clocks go from 02:00 to 03:00 (UTC+1 to UTC+2) at 01:00 UTC.
    expect(berlin.iso(Date.UTC(2026, 2, 29, 0, 59))).toBe('2026-03-29T01:59:00.000+01:00');
    expect(berlin.iso(Date.UTC(2026, 2, 29, 1, 0))).toBe('2026-03-29T03:00:00.000+02:00');
    expect(new ZonedClock('Asia/Kolkata').iso(0)).toBe('1970-01-01T05:30:00.000+05:30');
    expect(new ZonedClock('America/St_Johns').iso(Date.UTC(2026, 0, 1))).toBe(
      '2025-12-31T20:30:00.000-03:30',
    );
  });

  test('Excel dates are days since 30 December 1899 of the wall clock', () => {
    expect(new ZonedClock('UTC').excelDate(Date.UTC(1970, 0, 1))).toBe(25_569);
    expect(new ZonedClock('Europe/Berlin').excelDate(Date.UTC(2026, 0, 1, 23))).toBe(46_024);
  });
});
