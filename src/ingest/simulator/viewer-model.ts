import type { SeededRandom } from './seeded-random.js';

/**
 * How the simulated viewer count moves: a mean-reverting random walk around a target, where the
 * target is the base audience plus a boost that gifts and chat add after a delay and that then
 * fades. Exposed so tests and demos can switch the response off or exaggerate it.
 */
export interface ViewerModelParams {
  /** The audience the count reverts to when nothing happens. */
  baseViewers: number;
  /** Fraction of the gap to the target closed per second (0..1). */
  reversionPerSecond: number;
  /** Standard deviation of the per-second noise, per square root of the current count. */
  noisePerSqrtViewer: number;
  /** Delay between a gift and the viewers it attracts. */
  giftDelayMs: number;
  /** Viewers a gift attracts per coin raised to `giftCoinExponent`. */
  viewersPerGiftCoin: number;
  /**
   * Below 1, big gifts help with diminishing returns; the nearer to 1, the more a gift's draw
   * follows its value rather than the number of gifts.
   */
  giftCoinExponent: number;
  /** Delay between a chat message and the viewers it attracts. */
  chatDelayMs: number;
  /** Viewers one chat message attracts. */
  viewersPerChat: number;
  /** Half-life of the boost once it has arrived. */
  boostHalfLifeMs: number;
}

export const DEFAULT_VIEWER_MODEL: Readonly<ViewerModelParams> = Object.freeze({
  baseViewers: 800,
  reversionPerSecond: 0.03,
  noisePerSqrtViewer: 0.15,
  giftDelayMs: 120_000,
  viewersPerGiftCoin: 0.5,
  giftCoinExponent: 0.75,
  chatDelayMs: 30_000,
  viewersPerChat: 0.3,
  boostHalfLifeMs: 180_000,
});

interface Impulse {
  at: number;
  viewers: number;
}

/**
 * The viewer count of one simulated stream. Pure apart from the random source it is given: time
 * only moves through `step`, one second at a time.
 */
export class ViewerModel {
  private viewers: number;
  private boost = 0;
  /** Boosts not yet arrived, ordered by arrival time. */
  private pending: Impulse[] = [];

  constructor(
    readonly params: Readonly<ViewerModelParams>,
    private readonly rng: SeededRandom,
  ) {
    this.viewers = params.baseViewers * rng.between(0.9, 1.1);
  }

  /** The current reading, a whole number of viewers. */
  get reading(): number {
    return Math.max(0, Math.round(this.viewers));
  }

  /** Records a gift worth `coins` at `at`; the viewers it attracts arrive `giftDelayMs` later. */
  addGift(at: number, coins: number): void {
    const { giftDelayMs, viewersPerGiftCoin, giftCoinExponent } = this.params;
    this.schedule(at + giftDelayMs, viewersPerGiftCoin * coins ** giftCoinExponent);
  }

  /** Records a chat message at `at`; the viewers it attracts arrive `chatDelayMs` later. */
  addChat(at: number): void {
    this.schedule(at + this.params.chatDelayMs, this.params.viewersPerChat);
  }

  /** Records `viewers` arriving together at `at` (a raid): they join the boost at once, then fade. */
  addArrivals(at: number, viewers: number): void {
    this.schedule(at, viewers);
  }

  /** Advances one second ending at `at`: arrived boosts join, the boost fades, the count moves. */
  step(at: number): void {
    const { baseViewers, reversionPerSecond, noisePerSqrtViewer, boostHalfLifeMs } = this.params;
    this.boost *= Math.pow(0.5, 1000 / boostHalfLifeMs);
    while (this.pending.length > 0 && (this.pending[0]?.at ?? Infinity) <= at) {
      this.boost += this.pending.shift()?.viewers ?? 0;
    }
    const target = baseViewers + this.boost;
    const noise = noisePerSqrtViewer * Math.sqrt(Math.max(this.viewers, 1)) * this.rng.normal();
    this.viewers = Math.max(0, this.viewers + reversionPerSecond * (target - this.viewers) + noise);
  }

  private schedule(at: number, viewers: number): void {
    if (viewers <= 0) return;
    // Gifts and chats have different delays, so keep the queue ordered by arrival time.
    let i = this.pending.length;
    while (i > 0 && (this.pending[i - 1]?.at ?? -Infinity) > at) i -= 1;
    this.pending.splice(i, 0, { at, viewers });
  }
}
