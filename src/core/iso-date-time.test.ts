import { describe, expect, test } from 'vitest';
import { parseIsoDateTime } from './iso-date-time.js';

describe('parseIsoDateTime', () => {
  test('reads date-times in UTC and with an offset, to the millisecond', () => {
    expect(parseIsoDateTime('2026-01-10T18:00:00Z')).toBe(Date.UTC(2026, 0, 10, 18));
    expect(parseIsoDateTime('2026-01-10T18:00:00.123Z')).toBe(Date.UTC(2026, 0, 10, 18, 0, 0, 123));
    expect(parseIsoDateTime('2026-01-10T18:00:00.123456789Z')).toBe(Date.UTC(2026, 0, 10, 18, 0, 0, 123));
    expect(parseIsoDateTime('2026-01-10T18:00:00.5Z')).toBe(Date.UTC(2026, 0, 10, 18, 0, 0, 500));
    expect(parseIsoDateTime('2026-01-10T19:30:00+01:30')).toBe(Date.UTC(2026, 0, 10, 18));
    expect(parseIsoDateTime('2026-01-10T13:00:00-05:00')).toBe(Date.UTC(2026, 0, 10, 18));
    expect(parseIsoDateTime('2026-01-10t18:00z')).toBe(Date.UTC(2026, 0, 10, 18));
    expect(parseIsoDateTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  test('agrees with Date.parse on every valid time it reads', () => {
    for (const text of [
      '2026-03-31T23:59:59.999Z',
      '2000-01-01T00:00:00+14:00',
      '2999-12-31T12:00:00-12:00',
    ]) {
      expect(parseIsoDateTime(text)).toBe(Date.parse(text));
    }
  });

  test('refuses what only Date.parse would take: bare numbers, dates alone, times without a zone', () => {
    for (const text of [
      '1',
      '1768068000000',
      '2026-01-10',
      '2026-01-10T18:00:00',
      '2026-01-10 18:00:00Z',
      'Sat, 10 Jan 2026 18:00:00 GMT',
      'yesterday',
      '',
      '2026-01-10T18:00:00+0100',
      '+002026-01-10T18:00:00Z',
      ' 2026-01-10T18:00:00Z',
    ]) {
      expect(parseIsoDateTime(text), text).toBeNull();
    }
  });

  test('refuses impossible dates and times instead of rolling them over', () => {
    for (const text of [
      '2026-02-30T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-01-10T24:00:00Z',
      '2026-01-10T23:60:00Z',
      '2026-01-10T23:59:60Z',
      '2026-01-10T18:00:00+24:00',
    ]) {
      expect(parseIsoDateTime(text), text).toBeNull();
    }
  });
});
