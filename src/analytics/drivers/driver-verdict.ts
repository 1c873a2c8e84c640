import type { DriverActivity } from './drivers-result.schema.js';

/** How an activity reads in a sentence, and the amount its effect is quoted per. */
const WORDING: Readonly<Record<DriverActivity, { subject: string; per: number; unit: string }>> = {
  likes: { subject: 'likes', per: 1000, unit: 'likes' },
  comments: { subject: 'comments', per: 10, unit: 'comments' },
  gifts: { subject: 'gifts', per: 10, unit: 'gifts' },
  gift_value: { subject: 'gift bursts', per: 1000, unit: 'coins' },
  follows: { subject: 'follows', per: 1, unit: 'follow' },
  shares: { subject: 'shares', per: 1, unit: 'share' },
  joins: { subject: 'joins', per: 100, unit: 'joins' },
};

/** The regression coefficient in natural units: `viewers` per `per` `unit`. */
export function describeEffect(activity: DriverActivity, coefficient: number) {
  const { per, unit } = WORDING[activity];
  return { viewers: roundEffect(coefficient * per), per, unit };
}

/** "strong", "good" or "some" evidence for a corrected p below 0.001, 0.01 or 0.05; else null. */
export function evidenceOf(pAdjusted: number): string | null {
  if (pAdjusted < 0.001) return 'strong evidence';
  if (pAdjusted < 0.01) return 'good evidence';
  if (pAdjusted < 0.05) return 'some evidence';
  return null;
}

export interface SignificantDriver {
  activity: DriverActivity;
  lag: number;
  r: number;
  pAdjusted: number;
  coefficient: number | null;
  ci95: [number, number] | null;
}

/**
 * Whether the regression backs the correlation: a coefficient of the same sign whose 95% CI
 * excludes zero, with the other activities held fixed.
 */
export function hasClearEffect(d: Pick<SignificantDriver, 'r' | 'coefficient' | 'ci95'>): boolean {
  if (d.coefficient === null || d.ci95 === null) return false;
  return Math.sign(d.coefficient) === Math.sign(d.r) && (d.ci95[0] > 0 || d.ci95[1] < 0);
}

/**
 * E.g. "viewers rise about 2 minutes after gift bursts: +14 viewers per 1,000 coins, strong
 * evidence". The size comes from the regression; when the regression cannot separate it, or
 * does not back the correlation once the other activities are held fixed, the sentence says so.
 */
export function significantVerdict(d: SignificantDriver): string {
  const { subject } = WORDING[d.activity];
  const direction = d.r > 0 ? 'rise' : 'fall';
  const when = d.lag === 0 ? 'at once with' : `about ${d.lag} minute${d.lag === 1 ? '' : 's'} after`;
  const evidence = evidenceOf(d.pAdjusted) ?? 'weak evidence';
  const head = `viewers ${direction} ${when} ${subject}`;
  if (d.coefficient === null || d.ci95 === null) {
    return `${head}, ${evidence}; its size cannot be told apart from the other activities`;
  }
  const e = describeEffect(d.activity, d.coefficient);
  const size = `${e.viewers > 0 ? '+' : ''}${e.viewers} viewers per ${formatPer(e.per, e.unit)}`;
  if (hasClearEffect(d)) return `${head}: ${size}, ${evidence}`;
  const [lo, hi] = d.ci95.map((c) => describeEffect(d.activity, c).viewers);
  return `${head}, ${evidence}, but its own effect is unclear once the other activities are accounted for (${size}, 95% CI ${lo} to ${hi})`;
}

/** The sentence for an activity that was tested and showed nothing beyond chance. */
export function unclearVerdict(activity: DriverActivity, lag: number, r: number, pAdjusted: number): string {
  return `no clear effect of ${WORDING[activity].subject} (best at ${lag} min, r = ${r.toFixed(2)}, corrected p = ${formatP(pAdjusted)})`;
}

/** The sentence for an activity that could not be tested. */
export function unmeasuredVerdict(activity: DriverActivity): string {
  return `not measured: ${WORDING[activity].subject} did not vary in this window`;
}

export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

function formatPer(per: number, unit: string): string {
  return per === 1 ? unit : `${per.toLocaleString('en-US')} ${unit}`;
}

function roundEffect(v: number): number {
  const abs = Math.abs(v);
  if (abs >= 10) return Math.round(v);
  if (abs >= 1) return Math.round(v * 10) / 10;
  return Number(v.toPrecision(2));
}
