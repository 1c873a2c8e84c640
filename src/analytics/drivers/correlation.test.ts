import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { pearson, spearman } from './correlation.js';
import { averageRanks, mean, sampleSd } from './descriptive.js';
import { holmAdjust } from './p-adjust.js';

// Reference values computed with scipy 1.17 (scipy.stats.pearsonr, spearmanr, rankdata) and a
// numpy step-down implementation of Holm's method (statsmodels multipletests 'holm' equivalent).
const X = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4];
const Y = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5, 2, 3, 5, 3];
const X2 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const Y2 = [2, 4, 3, 7, 8, 8, 11, 10, 14, 13, 17, 16];

describe('descriptive statistics', () => {
  test('mean and sample standard deviation use n - 1', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleSd([1, 2, 3, 4])).toBeCloseTo(1.2909944487358056, 14);
    expect(sampleSd([5])).toBe(0);
  });

  test('tied values share the average of their ranks', () => {
    expect(Array.from(averageRanks(X))).toEqual([
      6.5, 1.5, 9.5, 1.5, 12, 19, 3.5, 14, 12, 6.5, 12, 16.5, 19, 15, 19, 6.5, 3.5, 6.5, 16.5, 9.5,
    ]);
    // Fractions and whole numbers far apart are ranked by sorting, whole numbers close together
    // by counting: the same ranks either way.
    expect(averageRanks(X.map((x) => x + 0.5))).toEqual(averageRanks(X));
    expect(averageRanks(X.map((x) => x * 1e9))).toEqual(averageRanks(X));
    expect(averageRanks(X.map((x) => x - 7))).toEqual(averageRanks(X));
  });

  test('ranking by counting agrees with ranking by sorting', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }), (xs) => {
        // Shifted by a fraction, the same order can only be ranked by sorting.
        expect(averageRanks(xs)).toEqual(averageRanks(xs.map((x) => x + 0.25)));
      }),
    );
  });
});

describe('correlation', () => {
  test('Pearson r and its p-value match scipy.stats.pearsonr', () => {
    const weak = pearson(X, Y)!;
    expect(weak.r).toBeCloseTo(0.18036990753894183, 13);
    expect(weak.p).toBeCloseTo(0.4466726985399422, 12);
    expect(weak.n).toBe(20);
    const strong = pearson(X2, Y2)!;
    expect(strong.r).toBeCloseTo(0.9744233580936937, 13);
    expect(strong.p / 8.257802380254382e-8).toBeCloseTo(1, 8);
  });

  test('Spearman rho with ties and its p-value match scipy.stats.spearmanr', () => {
    const weak = spearman(X, Y)!;
    expect(weak.r).toBeCloseTo(0.19073187020980284, 13);
    expect(weak.p).toBeCloseTo(0.420536244226812, 12);
    const strong = spearman(X2, Y2)!;
    expect(strong.r).toBeCloseTo(0.9702291586486097, 13);
    expect(strong.p / 1.7520005921460054e-7).toBeCloseTo(1, 8);
  });

  test('a constant series or fewer than three pairs has no correlation', () => {
    expect(pearson([1, 1, 1, 1], [1, 2, 3, 4])).toBeNull();
    expect(pearson([1, 2], [2, 1])).toBeNull();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
  });

  test('a perfect correlation has p = 0', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toEqual({ r: 1, p: 0, n: 4 });
  });
});

describe('Holm correction', () => {
  test('adjusts step-down and keeps the input order', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005, 0.2, 0.04]);
    const expected = [0.05, 0.12, 0.12, 0.03, 0.2, 0.12];
    adjusted.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 14));
  });

  test('never goes above 1', () => {
    expect(holmAdjust([0.6, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });
});
