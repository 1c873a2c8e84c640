/**
 * Holm's step-down correction of p-values for the number of tests made. It controls the
 * family-wise error rate (the chance of even one false "significant") without assuming the
 * tests are independent, which lagged correlations of one series are not. Returns the adjusted
 * p-values in the input order (the same values as statsmodels `multipletests(method='holm')`).
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
