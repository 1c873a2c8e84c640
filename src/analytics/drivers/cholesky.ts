/**
 * The inverse of a symmetric positive-definite matrix through its Cholesky factor L (A = L Lᵀ).
 * Null when the matrix is not positive definite (a zero or negative pivot).
 */
export function choleskyInverse(a: readonly (readonly number[])[]): number[][] | null {
  const k = a.length;
  const l = a.map(() => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let m = 0; m < j; m++) s -= l[i]![m]! * l[j]![m]!;
      if (i === j) {
        if (!(s > 0)) return null;
        l[i]![i] = Math.sqrt(s);
      } else {
        l[i]![j] = s / l[j]![j]!;
      }
    }
  }
  // A⁻¹ = L⁻ᵀ L⁻¹: invert the lower-triangular factor column by column, then multiply.
  const li = l.map(() => new Array<number>(k).fill(0));
  for (let c = 0; c < k; c++) {
    li[c]![c] = 1 / l[c]![c]!;
    for (let i = c + 1; i < k; i++) {
      let s = 0;
      for (let m = c; m < i; m++) s -= l[i]![m]! * li[m]![c]!;
      li[i]![c] = s / l[i]![i]!;
    }
  }
  return l.map((_, i) =>
    l.map((__, j) => {
      let s = 0;
      for (let m = Math.max(i, j); m < k; m++) s += li[m]![i]! * li[m]![j]!;
      return s;
    }),
  );
}
