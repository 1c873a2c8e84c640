import { describe, expect, test } from 'vitest';
import { SeededRandom, deriveSeed } from './seeded-random.js';

const draw = (rng: SeededRandom, n: number): number[] => Array.from({ length: n }, () => rng.next());

describe('SeededRandom', () => {
  test('repeats its sequence for the same seed and differs for another', () => {
    expect(draw(new SeededRandom(42), 20)).toEqual(draw(new SeededRandom(42), 20));
    expect(draw(new SeededRandom(42), 20)).not.toEqual(draw(new SeededRandom(43), 20));
  });

  test('draws floats in [0, 1) and whole numbers within both bounds', () => {
    const rng = new SeededRandom(7);
    const floats = draw(rng, 10_000);
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    const ints = new Set(Array.from({ length: 2000 }, () => rng.int(1, 6)));
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('draws Poisson counts whose mean is close to the rate', () => {
    const rng = new SeededRandom(3);
    const counts = Array.from({ length: 20_000 }, () => rng.poisson(2.5));
    const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
    expect(mean).toBeGreaterThan(2.4);
    expect(mean).toBeLessThan(2.6);
    expect(rng.poisson(0)).toBe(0);
  });
});

describe('deriveSeed', () => {
  test('gives each text its own stable seed', () => {
    expect(deriveSeed(1, 'tiktok-a')).toBe(deriveSeed(1, 'tiktok-a'));
    expect(deriveSeed(1, 'tiktok-a')).not.toBe(deriveSeed(1, 'tiktok-b'));
    expect(deriveSeed(1, 'tiktok-a')).not.toBe(deriveSeed(2, 'tiktok-a'));
  });
});
