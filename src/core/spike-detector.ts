/** Scales a median absolute deviation to a standard deviation, for normally distributed noise. */
const MAD_TO_SIGMA = 1.4826;
/**
 * Floors for the spread, so that a flat series (MAD 0) does not turn a one-unit wobble into an
 * infinite score. The fraction is small on purpose: a floor of f × median means a jump from a flat
 * series needs f × threshold to fire (1% × 4 = +4%); a larger relative bar is what
 * `minRelativeChange` is for, where it can be seen and tuned.
 */
const MIN_SPREAD_FRACTION = 0.01;
const MIN_SPREAD = 1;

/** The series a spike detector watches. */
export type SpikeSignal = 'viewers' | 'chat_velocity' | 'gift_value';

/**
 * How a {@link SpikeDetector} decides that an observation is a spike. It must hold all of:
 * at least `minSamples` observations in the baseline; `change >= minAbsoluteChange`;
 * `change >= minRelativeChange × baseline`; `score >= threshold`; not within `cooldownMs` of the
 * last spike. Not validated here: the caller guarantees `windowSize` is an integer ≥ 1 and
 * `minSamples <= windowSize` (or nothing ever fires).
 */
export interface SpikeDetectorOptions {
  /** Observations in the rolling baseline, e.g. 30. */
  windowSize: number;
  /** Observations the baseline must hold before anything fires, e.g. 10. */
  minSamples: number;
  /** Robust z-score an observation must reach: (value − median) / spread, e.g. 4. */
  threshold: number;
  /** Rise above the baseline median required, in the signal's unit (viewers, msgs/min, coins). */
  minAbsoluteChange: number;
  /** Rise above the baseline median required, as a fraction of it (0.2 = +20%). Default 0. */
  minRelativeChange?: number;
  /** After a spike, none fires again until this many ms (of observation time) have passed. */
  cooldownMs: number;
}

/** One detected spike: the observation and the baseline it stood out from. */
export interface Spike {
  /** Observation time, epoch ms, as passed to `observe`. */
  readonly at: number;
  readonly value: number;
  /** Median of the baseline window. */
  readonly baseline: number;
  /** The window's MAD × 1.4826, raised to its recent average and to the floors if below them. */
  readonly spread: number;
  /** Robust z-score: change / spread. */
  readonly score: number;
  /** value − baseline; always > 0, falls never fire. */
  readonly change: number;
}

/**
 * Defaults per signal: window 30, 10 samples to warm up, a 120 s cooldown (about one clip), a
 * robust z of 4 (5 for gifts, which are heavy-tailed). The absolute floors are the smallest rise
 * worth a trigger: 25 viewers, 20 msgs/min, 500 coins. A z-score from 30 samples is itself noisy
 * (on pure normal noise it passes 4 about once in 6,000 observations, not once in 30,000), so
 * viewers (+15%) and chat (+25%) also need a relative rise; gift value does not, its median is
 * often 0. With these, 500 seeded runs of 2,000 observations of 1000 ± 30 (σ) fired nothing.
 */
export const DEFAULT_SPIKE_OPTIONS: Readonly<Record<SpikeSignal, Readonly<SpikeDetectorOptions>>> =
  Object.freeze({
    viewers: Object.freeze({
      windowSize: 30,
      minSamples: 10,
      threshold: 4,
      minAbsoluteChange: 25,
      minRelativeChange: 0.15,
      cooldownMs: 120_000,
    }),
    chat_velocity: Object.freeze({
      windowSize: 30,
      minSamples: 10,
      threshold: 4,
      minAbsoluteChange: 20,
      minRelativeChange: 0.25,
      cooldownMs: 120_000,
    }),
    gift_value: Object.freeze({
      windowSize: 30,
      minSamples: 10,
      threshold: 5,
      minAbsoluteChange: 500,
      cooldownMs: 120_000,
    }),
  });

/**
 * Detects upward spikes in one series (a stream's, or a profile's combined series), live. Pure:
 * time comes in with each observation, nothing is read from a clock.
 *
 * The baseline is the median of the last `windowSize` observations before the current one; the
 * spread is their MAD × 1.4826, but never below its own moving average over about `windowSize`
 * observations, since one window's MAD often comes out low by chance (this alone cuts the false
 * alarms on normal noise about sevenfold). Being robust, a short spike barely moves either, so
 * the fall afterwards compares with the old level; a level that holds for more than half the
 * window becomes the new baseline. A steady ramp that fills the window cannot fire however steep:
 * the median lags about windowSize/2 steps and the MAD spans about windowSize/4, so the score
 * stays near 1.4. Only the start of a ramp from a flat level can, if half a window of it rises
 * `threshold` spreads.
 *
 * Fires once per spike: after an observation passes every test, no other fires until one does
 * not (the level fell back, or the baseline caught up with it) and the cooldown has passed. A
 * high observation inside the cooldown counts as the same spike.
 *
 * An observation older than the newest seen (`at` smaller; equal is in order) never fires and
 * does not re-arm, but joins the baseline: median and MAD ignore order, and it is still a real
 * reading of the level. A non-finite value is ignored altogether.
 */
export class SpikeDetector {
  private readonly window: Float64Array;
  private readonly scratch: Float64Array;
  private count = 0;
  private next = 0;
  private latestAt = -Infinity;
  private cooldownUntil = -Infinity;
  private isArmed = true;
  /** Moving average of the scaled MAD over about the last windowSize observations. */
  private typicalSpread: number | null = null;

  constructor(private readonly options: Readonly<SpikeDetectorOptions>) {
    this.window = new Float64Array(options.windowSize);
    this.scratch = new Float64Array(options.windowSize);
  }

  /** Adds one observation and returns the spike it makes, or null. O(windowSize log windowSize). */
  observe(at: number, value: number): Spike | null {
    if (!Number.isFinite(value)) return null;
    let spike: Spike | null = null;
    if (at >= this.latestAt) {
      this.latestAt = at;
      spike = this.decide(this.measure(at, value));
    }
    this.window[this.next] = value;
    this.next = (this.next + 1) % this.window.length;
    if (this.count < this.window.length) this.count++;
    return spike;
  }

  /** Forgets every observation, the cooldown and the newest time seen (e.g. on stream restart). */
  reset(): void {
    this.count = 0;
    this.next = 0;
    this.latestAt = -Infinity;
    this.cooldownUntil = -Infinity;
    this.isArmed = true;
    this.typicalSpread = null;
  }

  /** Applies the once-per-spike rule to a candidate (an observation passing every other test). */
  private decide(candidate: Spike | null): Spike | null {
    if (candidate === null) {
      this.isArmed = true;
      return null;
    }
    const fires = this.isArmed && candidate.at >= this.cooldownUntil;
    this.isArmed = false;
    if (!fires) return null;
    this.cooldownUntil = candidate.at + this.options.cooldownMs;
    return candidate;
  }

  /** The observation as a spike if it stands out from the baseline, ignoring cooldown; else null. */
  private measure(at: number, value: number): Spike | null {
    const { minSamples, minAbsoluteChange, minRelativeChange = 0, threshold } = this.options;
    if (this.count === 0 || this.count < minSamples) return null;
    const { baseline, spread } = this.describeBaseline();
    const change = value - baseline;
    if (change <= 0 || change < minAbsoluteChange || change < minRelativeChange * Math.abs(baseline)) {
      return null;
    }
    const score = change / spread;
    return score >= threshold ? { at, value, baseline, spread, score, change } : null;
  }

  /** Median and spread of the window; folds this window's MAD into the spread memory. */
  private describeBaseline(): { baseline: number; spread: number } {
    const n = this.count;
    // Until the ring is full its values sit at 0..n-1.
    const sorted = this.scratch.subarray(0, n);
    sorted.set(this.window.subarray(0, n));
    sorted.sort();
    const baseline = medianOfSorted(sorted);
    for (let i = 0; i < n; i++) sorted[i] = Math.abs(sorted[i]! - baseline);
    sorted.sort();
    const scaledMad = MAD_TO_SIGMA * medianOfSorted(sorted);
    const typical = this.typicalSpread ?? scaledMad;
    this.typicalSpread = typical + (scaledMad - typical) / this.window.length;
    const floor = Math.max(MIN_SPREAD_FRACTION * Math.abs(baseline), MIN_SPREAD);
    return { baseline, spread: Math.max(scaledMad, typical, floor) };
  }
}

/** Median of a sorted, non-empty array. */
function medianOfSorted(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
