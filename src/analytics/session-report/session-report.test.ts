import { expect, test } from 'vitest';
import { defaultResolution } from './session-report.js';

const HOUR = 3_600_000;

test('picks 1-minute buckets under 2 hours, 5 under 12 hours and 15 beyond', () => {
  expect([0, 2 * HOUR - 1, 2 * HOUR, 12 * HOUR - 1, 12 * HOUR, 72 * HOUR].map(defaultResolution)).toEqual([
    1, 1, 5, 5, 15, 15,
  ]);
});
