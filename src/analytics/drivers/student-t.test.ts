import { describe, expect, test } from 'vitest';
import { logGamma, regularizedIncompleteBeta } from './special-functions.js';
import { studentTCdf, studentTQuantile, studentTTwoSidedP } from './student-t.js';

// Reference values computed with scipy 1.17 (scipy.stats.t.cdf / t.sf / t.ppf,
// scipy.special.betainc / gammaln).

describe('special functions', () => {
  test('log-gamma matches scipy.special.gammaln', () => {
    const cases: [number, number][] = [
      [0.5, 0.5723649429247],
      [1, 0],
      [3.7, 1.428072326665388],
      [10, 12.801827480081469],
      [171.2, 707.60092684767],
    ];
    for (const [x, expected] of cases) expect(logGamma(x)).toBeCloseTo(expected, 11);
  });

  test('the regularized incomplete beta matches scipy.special.betainc', () => {
    expect(regularizedIncompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 13);
    expect(regularizedIncompleteBeta(0.9, 0.5, 7.5)).toBeCloseTo(0.9999999932897103, 13);
    expect(regularizedIncompleteBeta(0.5, 50, 50)).toBeCloseTo(0.5, 13);
    const tiny = regularizedIncompleteBeta(0.01, 10, 0.5);
    expect(tiny / 1.770034965528571e-21).toBeCloseTo(1, 9);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('Student t distribution', () => {
  test('the CDF matches scipy.stats.t.cdf, also at fractional degrees of freedom', () => {
    const cases: [number, number, number][] = [
      [2.0, 5, 0.9490302605850708],
      [-1.3, 12, 0.10900858554175706],
      [0.4, 3.5, 0.6438275532327782],
      [4.5, 40, 0.9999713276671124],
      [-7.0, 2, 0.00990197059019657],
    ];
    for (const [t, df, expected] of cases) expect(studentTCdf(t, df)).toBeCloseTo(expected, 12);
  });

  test('the two-sided p-value keeps its precision far in the tail', () => {
    expect(studentTTwoSidedP(2.0, 5)).toBeCloseTo(0.10193947882985835, 13);
    expect(studentTTwoSidedP(-1.3, 12)).toBeCloseTo(0.21801717108351412, 13);
    expect(studentTTwoSidedP(4.5, 40) / 5.734466577515794e-5).toBeCloseTo(1, 10);
    expect(studentTTwoSidedP(Infinity, 10)).toBe(0);
    expect(studentTTwoSidedP(0, 10)).toBe(1);
  });

  test('the quantile inverts the CDF (scipy.stats.t.ppf)', () => {
    const cases: [number, number, number][] = [
      [0.975, 5, 2.5705818356363146],
      [0.975, 30, 2.0422724563012378],
      [0.975, 1, 12.706204736174694],
      [0.025, 17, -2.109815577833317],
      [0.9, 2.5, 1.7302509288071766],
    ];
    for (const [p, df, expected] of cases) expect(studentTQuantile(p, df)).toBeCloseTo(expected, 10);
    expect(studentTQuantile(0.5, 9)).toBe(0);
    expect(() => studentTQuantile(1, 9)).toThrow(RangeError);
  });
});
