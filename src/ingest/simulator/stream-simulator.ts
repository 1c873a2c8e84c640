import type { EventUser, LiveEvent } from '../../core/live-event.js';
import { GiftStreaks, giftDraft, type EventDraft } from './gift-streaks.js';
import { SeededRandom } from './seeded-random.js';
import { CHAT_TEXTS, GIFT_CATALOGUE, WeightedPicker, createAudience } from './simulator-catalogue.js';
import { DEFAULT_VIEWER_MODEL, ViewerModel, type ViewerModelParams } from './viewer-model.js';

export interface StreamSimulatorOptions {
  /** Seeds every random choice: the same seed, stream and start time give the same events. */
  seed: number;
  /** The stream (a slug) the events belong to. */
  stream: string;
  /** Simulated time at the start, epoch ms. */
  startAt: number;
  /** Overrides of `DEFAULT_VIEWER_MODEL`. */
  viewerModel?: Partial<ViewerModelParams>;
  /** How many distinct viewers chat, like, gift, follow and join (default 200). */
  audienceSize?: number;
}

/** A stretch of simulated time with far more gifts, chat and likes than usual. */
export interface HypePeriod {
  readonly start: number;
  readonly end: number;
}

/** The simulation advances in whole steps of this length, whatever the tick length. */
export const SIM_STEP_MS = 1000;
/** A viewer reading is emitted this often. */
export const VIEWERS_EVERY_MS = 5000;

const ACTIVITIES = ['like', 'chat', 'streak', 'bigGift', 'follow', 'share', 'join'] as const;
type Activity = (typeof ACTIVITIES)[number];
/**
 * `rate`: mean occurrences per second at the base audience, outside hype periods; `hype`: how many
 * times more often it happens during one.
 */
const ACTIVITY: Record<Activity, { rate: number; hype: number }> = {
  like: { rate: 1.2, hype: 3 },
  chat: { rate: 0.5, hype: 4 },
  streak: { rate: 0.05, hype: 8 },
  bigGift: { rate: 0.004, hype: 10 },
  follow: { rate: 0.03, hype: 3 },
  share: { rate: 0.01, hype: 3 },
  join: { rate: 0.6, hype: 2 },
};
const weightOf = (g: { weight: number }): number => g.weight;
const STREAK_GIFTS = new WeightedPicker(
  GIFT_CATALOGUE.filter((g) => g.isStreakable),
  weightOf,
);
const BIG_GIFTS = new WeightedPicker(
  GIFT_CATALOGUE.filter((g) => !g.isStreakable),
  weightOf,
);

/**
 * A pure, seeded simulation of one live stream: viewers drifting and answering gifts and chat after
 * a delay, like batches, chat from a stable audience, TikTok-like gift streaks (one event at the
 * end of a streak, `count` repeats, `value` = coins × count), big gifts, follows, shares, joins,
 * and a hype period every few minutes. Reads no clock: time moves only through `next`.
 */
export class StreamSimulator {
  private readonly rng: SeededRandom;
  private readonly viewers: ViewerModel;
  private readonly audience: WeightedPicker<EventUser>;
  private readonly streaks = new GiftStreaks();
  private readonly hypes: HypePeriod[] = [];
  private hype: HypePeriod | null = null;
  private nextHypeAt: number;
  private clock: number;
  private stepAt: number;
  private emitted = 0;

  constructor(private readonly options: StreamSimulatorOptions) {
    this.rng = new SeededRandom(options.seed);
    // A few regulars do most of the talking and gifting: Zipf-like weights by audience rank.
    this.audience = new WeightedPicker(
      createAudience(this.rng, options.audienceSize ?? 200),
      (_u, rank) => 1 / (rank + 1),
    );
    this.viewers = new ViewerModel({ ...DEFAULT_VIEWER_MODEL, ...options.viewerModel }, this.rng);
    this.clock = options.startAt;
    this.stepAt = options.startAt;
    this.nextHypeAt = options.startAt + this.rng.int(120, 300) * 1000;
  }

  /** The simulated time, epoch ms: every event emitted so far is before it. */
  get now(): number {
    return this.clock;
  }

  /** The hype periods started so far (the last may still be running). */
  get hypePeriods(): readonly HypePeriod[] {
    return this.hypes;
  }

  /** The viewer model's parameters in effect. */
  get viewerModel(): Readonly<ViewerModelParams> {
    return this.viewers.params;
  }

  /**
   * Advances simulated time by `tickMs` and returns the events of the whole steps completed, in
   * time order. The result does not depend on how time is sliced into ticks: `next(2000)` gives
   * what `next(1000)` twice does. Throws `RangeError` for a negative or non-finite `tickMs`.
   */
  next(tickMs: number): LiveEvent[] {
    if (!Number.isFinite(tickMs) || tickMs < 0) throw new RangeError(`tickMs must be >= 0, got ${tickMs}`);
    this.clock += tickMs;
    const events: LiveEvent[] = [];
    while (this.stepAt + SIM_STEP_MS <= this.clock) {
      for (const draft of this.step(this.stepAt)) {
        events.push({
          id: `sim-${this.options.seed}-${this.options.startAt}-${this.emitted}`,
          stream: this.options.stream,
          ...draft,
        });
        this.emitted += 1;
      }
      this.stepAt += SIM_STEP_MS;
    }
    return events;
  }

  /** Simulates the second starting at `t`. */
  private step(t: number): EventDraft[] {
    this.updateHype(t);
    this.viewers.step(t);
    const drafts: EventDraft[] = [];
    if ((t - this.options.startAt) % VIEWERS_EVERY_MS === 0) {
      drafts.push({ kind: 'viewers', at: t, count: this.viewers.reading, value: 0 });
    }
    drafts.push(...this.streaks.advance(t, SIM_STEP_MS, this.rng));
    // Activity grows with the audience, which is what lets a hype feed on itself for a while.
    const scale = Math.min(3, Math.max(0.2, this.viewers.reading / this.viewers.params.baseViewers));
    for (const activity of ACTIVITIES) {
      const { rate, hype } = ACTIVITY[activity];
      const mean = rate * scale * (this.hype ? hype : 1);
      for (let n = this.rng.poisson(mean); n > 0; n -= 1) {
        this.act(activity, t + this.rng.int(0, SIM_STEP_MS - 1), drafts);
      }
    }
    drafts.sort((a, b) => a.at - b.at);
    for (const d of drafts) {
      if (d.kind === 'gift') this.viewers.addGift(d.at, d.value);
      if (d.kind === 'chat') this.viewers.addChat(d.at);
    }
    return drafts;
  }

  private updateHype(t: number): void {
    if (this.hype && t >= this.hype.end) {
      this.hype = null;
      this.nextHypeAt = t + this.rng.int(240, 480) * 1000;
    }
    if (!this.hype && t >= this.nextHypeAt) {
      this.hype = { start: t, end: t + this.rng.int(40, 90) * 1000 };
      this.hypes.push(this.hype);
    }
  }

  private act(activity: Activity, at: number, drafts: EventDraft[]): void {
    const user = this.audience.pick(this.rng);
    switch (activity) {
      case 'like':
        drafts.push({ kind: 'like', at, user, count: this.rng.int(1, 30), value: 0 });
        return;
      case 'chat':
        drafts.push({ kind: 'chat', at, user, text: this.rng.pick(CHAT_TEXTS), count: 1, value: 0 });
        return;
      case 'streak':
        this.streaks.tap(user, STREAK_GIFTS.pick(this.rng), this.rng.int(1, 3));
        return;
      case 'bigGift':
        drafts.push(giftDraft(at, user, BIG_GIFTS.pick(this.rng), 1));
        return;
      case 'follow':
      case 'share':
      case 'join':
        drafts.push({ kind: activity, at, user, count: 1, value: 0 });
        return;
    }
  }
}
