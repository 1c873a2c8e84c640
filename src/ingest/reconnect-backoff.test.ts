import { describe, expect, test } from 'vitest';
import { DEFAULT_BACKOFF, nextDelay } from './reconnect-backoff.js';

describe('nextDelay', () => {
  test('doubles with each failure in a row and stops at the cap', () => {
    const top = (failures: number) => nextDelay(DEFAULT_BACKOFF, failures, false, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(top)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });

  test('jitters between half and all of the step', () => {
    expect(nextDelay(DEFAULT_BACKOFF, 3, false, () => 0)).toBe(2000);
    expect(nextDelay(DEFAULT_BACKOFF, 3, false, () => 0.5)).toBe(3000);
  });

  test('polls an offline channel at a steady pace whatever the failures', () => {
    expect(nextDelay(DEFAULT_BACKOFF, 1, true, () => 0)).toBe(15_000);
    expect(nextDelay(DEFAULT_BACKOFF, 9, true, () => 0)).toBe(15_000);
  });
});
