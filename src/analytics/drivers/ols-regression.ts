import { mean, sampleSd, type Numbers } from './descriptive.js';
import { studentTQuantile, studentTTwoSidedP } from './student-t.js';
import { choleskyInverse } from './cholesky.js';

/** One predictor of a regression, by name. */
export interface Predictor {
  name: string;
  values: Numbers;
}

/** A fitted slope with its inference (t test with n - k - 1 degrees of freedom). */
export interface FittedCoefficient {
  name: string;
  coefficient: number;
  standardError: number;
  t: number;
  p: number;
  ci95: [number, number];
  /** b * sd(x) / sd(y): the change in y, in its sds, per sd of x. */
  standardized: number;
}

export interface OlsFit {
  n: number;
  intercept: number;
  /** Kept predictors, in input order. */
  coefficients: FittedCoefficient[];
  /** Predictors left out because they were constant or a linear combination of earlier ones. */
  dropped: string[];
  r2: number;
  adjustedR2: number;
  residualDf: number;
}

// A column whose part not explained by the earlier columns is this small a share of it adds nothing.
const COLLINEAR_TOLERANCE = 1e-9;

/**
 * Ordinary least squares of `y` on the predictors plus an intercept. Constant or collinear
 * predictors are dropped (listed in `dropped`) instead of making the normal equations singular.
 * Null when it cannot be fitted: y constant, or no residual degrees of freedom left.
 */
export function fitOls(y: readonly number[], predictors: readonly Predictor[]): OlsFit | null {
  const n = y.length;
  const sdY = sampleSd(y);
  if (sdY === 0) return null;
  const centred = predictors.map((p) => centre(p.values));
  const { kept, dropped } = selectIndependent(centred);
  const k = kept.length;
  const residualDf = n - k - 1;
  if (residualDf < 1) return null;
  const yc = centre(y);
  const xs = kept.map((i) => centred[i]!);
  const inverse = choleskyInverse(xs.map((a) => xs.map((b) => dot(a, b))));
  if (!inverse) return null;
  const xty = xs.map((x) => dot(x, yc));
  const b = inverse.map((row) => dot(row, xty));
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let fitted = 0;
    for (let j = 0; j < k; j++) fitted += b[j]! * xs[j]![i]!;
    rss += (yc[i]! - fitted) ** 2;
  }
  const tss = dot(yc, yc);
  const sigma2 = rss / residualDf;
  const tCrit = studentTQuantile(0.975, residualDf);
  const coefficients = kept.map((index, j): FittedCoefficient => {
    const se = Math.sqrt(sigma2 * inverse[j]![j]!);
    const t = se === 0 ? (b[j]! === 0 ? 0 : Math.sign(b[j]!) * Infinity) : b[j]! / se;
    return {
      name: predictors[index]!.name,
      coefficient: b[j]!,
      standardError: se,
      t,
      p: studentTTwoSidedP(t, residualDf),
      ci95: [b[j]! - tCrit * se, b[j]! + tCrit * se],
      standardized: (b[j]! * sampleSd(predictors[index]!.values)) / sdY,
    };
  });
  const intercept = mean(y) - kept.reduce((s, index, j) => s + b[j]! * mean(predictors[index]!.values), 0);
  const r2 = 1 - rss / tss;
  const adjustedR2 = 1 - ((1 - r2) * (n - 1)) / residualDf;
  return {
    n,
    intercept,
    coefficients,
    dropped: dropped.map((i) => predictors[i]!.name),
    r2,
    adjustedR2,
    residualDf,
  };
}

function centre(values: Numbers): Float64Array {
  const m = mean(values);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! - m;
  return out;
}

function dot(a: Numbers, b: Numbers): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Gram-Schmidt over the centred columns in order: a column keeps its place only if a real part
 * of it is orthogonal to the columns already kept.
 */
function selectIndependent(columns: readonly Float64Array[]): { kept: number[]; dropped: number[] } {
  const basis: Float64Array[] = [];
  const kept: number[] = [];
  const dropped: number[] = [];
  columns.forEach((column, index) => {
    const norm2 = dot(column, column);
    const residual = Float64Array.from(column);
    for (const q of basis) {
      const proj = dot(residual, q);
      for (let i = 0; i < residual.length; i++) residual[i]! -= proj * q[i]!;
    }
    const rest2 = dot(residual, residual);
    if (norm2 === 0 || rest2 <= COLLINEAR_TOLERANCE * norm2) {
      dropped.push(index);
      return;
    }
    const scale = 1 / Math.sqrt(rest2);
    for (let i = 0; i < residual.length; i++) residual[i]! *= scale;
    basis.push(residual);
    kept.push(index);
  });
  return { kept, dropped };
}
