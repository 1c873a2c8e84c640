import { describe, expect, test } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  test('allows a burst, then refills at its rate, never above the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(5, 2, () => now);
    const takes = (n: number) => Array.from({ length: n }, () => bucket.take()).filter(Boolean).length;
    expect(takes(2000)).toBe(5);
    now += 500;
    expect(takes(10)).toBe(1);
    now += 60_000;
    expect(takes(10)).toBe(5);
  });
});
