import { describe, expect, test } from 'vitest';
import { fitOls } from './ols-regression.js';

// Reference values computed with scipy 1.17 / numpy 2 (statsmodels-equivalent OLS via
// numpy.linalg.lstsq, standard errors from s² (XᵀX)⁻¹, p and CI from scipy.stats.t).
const A = [
  47, 31, 34, 44, 28, 38, 41, 11, 2, 15, 14, 43, 45, 0, 24, 41, 6, 39, 5, 23, 40, 15, 17, 13, 35, 12, 49, 22,
  23, 25,
];
const B = [5, 5, 5, 9, 8, 7, 7, 6, 3, 9, 4, 2, 8, 1, 8, 6, 1, 0, 4, 0, 1, 5, 9, 4, 8, 9, 8, 6, 4, 5];
const C = [
  53, 99, 75, 49, 198, 2, 19, 38, 193, 138, 176, 40, 144, 73, 97, 0, 123, 166, 132, 30, 106, 53, 192, 176, 37,
  101, 187, 169, 141, 127,
];
const Y = [
  20.8, 3.7, 14.0, 8.6, 3.6, 15.7, 12.3, -5.6, 3.5, 0.6, 5.4, 20.7, 11.6, 5.6, 8.3, 7.7, 7.2, 20.1, 2.1, 8.1,
  17.3, 1.8, 3.7, 10.3, 0.4, -6.9, 16.9, -1.8, 7.2, 7.7,
];

const EXPECTED = {
  intercept: 2.121478224622309,
  a: {
    b: 0.41702746526694195,
    se: 0.05439384255017351,
    t: 7.666813847215721,
    p: 3.8906345450081775e-8,
    lo: 0.30521932062415497,
    hi: 0.528835609909729,
    beta: 0.8395210191119861,
  },
  b: {
    b: -1.3625454161083823,
    se: 0.26811993917045873,
    t: -5.081850385032858,
    p: 2.708064374876237e-5,
    lo: -1.9136738441603969,
    hi: -0.8114169880563679,
    beta: -0.5293546587456647,
  },
  c: {
    b: 0.017472816130056794,
    se: 0.012528165860919115,
    t: 1.394682695298777,
    p: 0.1749143390016166,
    lo: -0.008279197609263086,
    hi: 0.043224829869376674,
    beta: 0.14910889698283147,
  },
};

const predictors = [
  { name: 'a', values: A },
  { name: 'b', values: B },
  { name: 'c', values: C },
];

describe('ordinary least squares', () => {
  test('coefficients, standard errors, t, p, 95% CIs and R² match the lstsq reference', () => {
    const fit = fitOls(Y, predictors)!;
    expect(fit.n).toBe(30);
    expect(fit.residualDf).toBe(26);
    expect(fit.dropped).toEqual([]);
    expect(fit.intercept).toBeCloseTo(EXPECTED.intercept, 10);
    expect(fit.r2).toBeCloseTo(0.7336052147058385, 12);
    expect(fit.adjustedR2).toBeCloseTo(0.7028673548642045, 12);
    for (const c of fit.coefficients) {
      const e = EXPECTED[c.name as 'a' | 'b' | 'c'];
      expect(c.coefficient).toBeCloseTo(e.b, 11);
      expect(c.standardError).toBeCloseTo(e.se, 11);
      expect(c.t).toBeCloseTo(e.t, 9);
      expect(c.p / e.p).toBeCloseTo(1, 8);
      expect(c.ci95[0]).toBeCloseTo(e.lo, 10);
      expect(c.ci95[1]).toBeCloseTo(e.hi, 10);
      expect(c.standardized).toBeCloseTo(e.beta, 11);
    }
  });

  test('drops a constant column and a collinear column, and the fit stays the same', () => {
    const doubledA = A.map((v) => 2 * v + 1);
    const fit = fitOls(Y, [
      ...predictors,
      { name: 'constant', values: A.map(() => 7) },
      { name: 'a-again', values: doubledA },
    ])!;
    expect(fit.dropped).toEqual(['constant', 'a-again']);
    expect(fit.coefficients.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(fit.coefficients[0]!.coefficient).toBeCloseTo(EXPECTED.a.b, 10);
    expect(fit.residualDf).toBe(26);
    expect(fit.r2).toBeCloseTo(0.7336052147058385, 12);
  });

  test('cannot fit a constant outcome or one with no residual degrees of freedom', () => {
    expect(fitOls([3, 3, 3, 3], [{ name: 'x', values: [1, 2, 3, 4] }])).toBeNull();
    expect(fitOls([1, 5], [{ name: 'x', values: [1, 2] }])).toBeNull();
  });
});
