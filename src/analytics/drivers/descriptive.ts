/** Descriptive statistics over plain arrays. */

export function mean(xs: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
}

/** The sample standard deviation (n - 1 in the denominator); 0 for fewer than two values. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i]! - m) * (xs[i]! - m);
  return Math.sqrt(ss / (xs.length - 1));
}

/** Ranks from 1, ties sharing the average of the ranks they span (scipy `rankdata` 'average'). */
export function averageRanks(xs: readonly number[]): number[] {
  return wholeNumberRanks(xs) ?? sortedRanks(xs);
}

/** Value ranges up to this many times the count are ranked by counting instead of sorting. */
const COUNTING_SPAN = 4;

/**
 * `averageRanks` by counting, for whole numbers spanning a range not much wider than their count
 * (per-minute activity counts and viewer changes): linear instead of a sort. Null otherwise.
 */
function wholeNumberRanks(xs: readonly number[]): number[] | null {
  if (xs.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (!Number.isInteger(x)) return null;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const span = max - min + 1;
  if (span > COUNTING_SPAN * xs.length + 1024) return null;
  const counts = new Float64Array(span);
  for (const x of xs) counts[x - min]! += 1;
  // The average rank of each value: the ranks below it, plus the middle of its own run.
  const rankOf = new Float64Array(span);
  let below = 0;
  for (let v = 0; v < span; v += 1) {
    const n = counts[v]!;
    rankOf[v] = below + (n + 1) / 2;
    below += n;
  }
  return xs.map((x) => rankOf[x - min]!);
}

function sortedRanks(xs: readonly number[]): number[] {
  const values = Float64Array.from(xs);
  const order = new Uint32Array(xs.length).map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = xs.map(() => 0);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}
