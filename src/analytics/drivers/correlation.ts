import { averageRanks, mean, type Numbers } from './descriptive.js';
import { studentTTwoSidedP } from './student-t.js';

/** A correlation coefficient with its two-sided p-value over `n` pairs. */
export interface Correlation {
  r: number;
  p: number;
  n: number;
}

/**
 * Pearson's r with the two-sided p-value of the t test with n - 2 degrees of freedom (the same
 * test as scipy.stats.pearsonr). Null when it is undefined: fewer than 3 pairs, or either
 * series constant. The caller passes arrays of equal length.
 */
export function pearson(x: Numbers, y: Numbers): Correlation | null {
  const n = x.length;
  if (n < 3 || y.length !== n) return null;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  return { r, p: correlationP(r, n), n };
}

/**
 * Spearman's rho (Pearson's r of the average ranks, so ties are handled) with the two-sided
 * p-value of the t approximation with n - 2 degrees of freedom (as scipy.stats.spearmanr).
 */
export function spearman(x: Numbers, y: Numbers): Correlation | null {
  return spearmanRanked(x, averageRanks(y));
}

/** `spearman` with y already ranked (`averageRanks`): one ranking of y serves many x. */
export function spearmanRanked(x: Numbers, yRanks: Numbers): Correlation | null {
  if (x.length !== yRanks.length) return null;
  return pearson(averageRanks(x), yRanks);
}

function correlationP(r: number, n: number): number {
  if (Math.abs(r) === 1) return 0;
  const t = r * Math.sqrt((n - 2) / (1 - r * r));
  return studentTTwoSidedP(t, n - 2);
}
