/** Descriptive statistics over arrays of numbers (plain or typed). */

/** Numbers read by index: a plain array or a typed one. */
export type Numbers = ArrayLike<number>;

export function mean(xs: Numbers): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
}

/** The sample standard deviation (n - 1 in the denominator); 0 for fewer than two values. */
export function sampleSd(xs: Numbers): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i]! - m) * (xs[i]! - m);
  return Math.sqrt(ss / (xs.length - 1));
}

/** Ranks from 1, ties sharing the average of the ranks they span (scipy `rankdata` 'average'). */
export function averageRanks(xs: Numbers): Numbers {
  return wholeNumberRanks(xs) ?? sortedRanks(xs);
}

/** Value ranges up to this many times the count are ranked by counting instead of sorting. */
const COUNTING_SPAN = 4;

/**
 * `averageRanks` by counting, for whole numbers spanning a range not much wider than their count
 * (per-minute activity counts and viewer changes): linear instead of a sort. Null otherwise.
 */
function wholeNumberRanks(xs: Numbers): Float64Array | null {
  if (xs.length === 0) return new Float64Array(0);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!Number.isInteger(x)) return null;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const span = max - min + 1;
  if (span > COUNTING_SPAN * xs.length + 1024) return null;
  const counts = new Float64Array(span);
  for (let i = 0; i < xs.length; i++) counts[xs[i]! - min]! += 1;
  // The average rank of each value: the ranks below it, plus the middle of its own run.
  const rankOf = new Float64Array(span);
  let below = 0;
  for (let v = 0; v < span; v += 1) {
    const n = counts[v]!;
    rankOf[v] = below + (n + 1) / 2;
    below += n;
  }
  const ranks = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) ranks[i] = rankOf[xs[i]! - min]!;
  return ranks;
}

function sortedRanks(xs: Numbers): Float64Array {
  const values = Float64Array.from(xs);
  const order = new Uint32Array(xs.length).map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(xs.length);
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
