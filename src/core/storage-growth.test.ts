import { describe, expect, test } from 'vitest';
import type { StorageReading } from './resource-readings.js';
import { estimateGrowth, thinHistory } from './storage-growth.js';

const HOUR = 3_600_000;
const MB = 1024 ** 2;
const T = Date.UTC(2026, 11, 7, 12);

function at(hours: number, profiles: Record<string, number>, systemBytes = MB): StorageReading {
  return {
    at: T + hours * HOUR,
    systemBytes,
    profiles: Object.entries(profiles).map(([profile, bytes]) => ({ profile, bytes, walBytes: 0 })),
    disk: { freeBytes: 1000 * MB, totalBytes: 2000 * MB },
  };
}

describe('storage growth', () => {
  test('extrapolates the growth of the span to a day, per profile and in all', () => {
    const growth = estimateGrowth(
      [at(0, { a: 10 * MB }), at(1, { a: 12 * MB }), at(2, { a: 14 * MB })],
      HOUR,
    );
    expect(growth).toEqual({
      spanMs: 2 * HOUR,
      bytesPerDay: 48 * MB,
      profiles: [{ profile: 'a', bytes: 14 * MB, bytesPerDay: 48 * MB }],
    });
  });

  test('measures over the last day only, and counts a new profile from nothing', () => {
    const growth = estimateGrowth(
      [
        at(0, { a: 0 }),
        at(20, { a: 100 * MB }),
        at(30, { a: 112 * MB }),
        at(44, { a: 124 * MB, b: 24 * MB }),
      ],
      HOUR,
    );
    expect(growth?.spanMs).toBe(24 * HOUR);
    expect(growth?.profiles).toEqual([
      { profile: 'a', bytes: 124 * MB, bytesPerDay: 24 * MB },
      { profile: 'b', bytes: 24 * MB, bytesPerDay: 24 * MB },
    ]);
    expect(growth?.bytesPerDay).toBe(48 * MB);
  });

  test('knows nothing before the readings span the minimum', () => {
    expect(estimateGrowth([], HOUR)).toBeNull();
    expect(estimateGrowth([at(0, { a: MB })], HOUR)).toBeNull();
    expect(estimateGrowth([at(0, { a: MB }), at(0.5, { a: 2 * MB })], HOUR)).toBeNull();
  });

  test('thins the older half of a history past its bound, keeping the oldest and the newest', () => {
    const history = Array.from({ length: 11 }, (_, i) => i);
    expect(thinHistory(history, 10)).toEqual([0, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(thinHistory([1, 2, 3], 10)).toEqual([1, 2, 3]);
    const long: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      long.push(i);
      thinHistory(long, 100);
    }
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long[0]).toBe(0);
    expect(long.at(-1)).toBe(9999);
  });
});
