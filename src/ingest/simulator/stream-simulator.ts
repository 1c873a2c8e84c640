import type { LiveEvent } from '../../core/live-event.js';
import { GiftStreaks, type EventDraft } from './gift-streaks.js';
import {
  act,
  PLATFORM_ACTIVITY,
  type Activity,
  type ActContext,
  type SimPlatform,
} from './platform-activity.js';
import { SeededRandom } from './seeded-random.js';
import { SimulatedAudience } from './simulated-audience.js';
import { createAudience } from './simulator-catalogue.js';
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
  /** How many distinct viewers chat, like, gift, follow and join (default `AUDIENCE_SIZE`). */
  audienceSize?: number;
  /**
   * The ids of the viewers who follow the stream; the simulator adds whoever follows and lets
   * nobody in it follow again. Share one set among the simulators of one channel (its history and
   * its live broadcast) so that each viewer follows once ever. A set of its own by default.
   */
  followers?: Set<string>;
  /** Draws the audience from this seed instead of `seed`: broadcasts of one channel share their regulars. */
  audienceSeed?: number;
  /** Whose kinds of activity to imitate (default TikTok). */
  platform?: SimPlatform;
  /** Multiplies the rate of the named activities (default 1 each): a quieter or busier channel. */
  pace?: Partial<Record<Activity, number>>;
  /** Time between two viewer readings (default `VIEWERS_EVERY_MS`; a multiple of `SIM_STEP_MS`). */
  viewersEveryMs?: number;
}

/** A stretch of simulated time with far more gifts, chat and likes than usual. */
export interface HypePeriod {
  readonly start: number;
  readonly end: number;
}

/** The default audience: thousands of distinct viewers, as a broadcast of some hundreds at a time has. */
export const AUDIENCE_SIZE = 3000;
/** The simulation advances in whole steps of this length, whatever the tick length. */
export const SIM_STEP_MS = 1000;
/** A viewer reading is emitted this often. */
export const VIEWERS_EVERY_MS = 5000;

/**
 * A pure, seeded simulation of one live stream: viewers drifting and answering gifts and chat after
 * a delay, chat from a stable audience and a hype period every few minutes. On TikTok: like
 * batches, gift streaks (one event at the end of a streak, `count` repeats, `value` = coins ×
 * count), big gifts, follows, shares, joins. On Twitch: cheers (`value` = bits), subscriptions
 * (gift bundles among them), follows and the odd raid. Who does what follows `SimulatedAudience`:
 * a few gifters, one join per viewer, one follow per viewer ever. Reads no clock: time moves only
 * through `next`.
 */
export class StreamSimulator {
  private readonly rng: SeededRandom;
  private readonly viewers: ViewerModel;
  private readonly audience: SimulatedAudience;
  private readonly streaks = new GiftStreaks();
  private readonly activities: readonly [Activity, { rate: number; hype: number }][];
  private readonly context: ActContext;
  private readonly hypes: HypePeriod[] = [];
  private hype: HypePeriod | null = null;
  private nextHypeAt: number;
  private clock: number;
  private stepAt: number;
  private emitted = 0;

  constructor(private readonly options: StreamSimulatorOptions) {
    this.rng = new SeededRandom(options.seed);
    const audienceRng =
      options.audienceSeed === undefined ? this.rng : new SeededRandom(options.audienceSeed);
    this.audience = new SimulatedAudience(
      createAudience(audienceRng, options.audienceSize ?? AUDIENCE_SIZE),
      options.followers ?? new Set(),
    );
    const platform = options.platform ?? 'tiktok';
    this.activities = PLATFORM_ACTIVITY[platform].map(([activity, { rate, hype }]) => [
      activity,
      { rate: rate * (options.pace?.[activity] ?? 1), hype },
    ]);
    this.context = {
      platform,
      rng: this.rng,
      streaks: this.streaks,
      pickUser: (activity) => this.audience.pickFor(activity, this.rng),
    };
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
    if ((t - this.options.startAt) % (this.options.viewersEveryMs ?? VIEWERS_EVERY_MS) === 0) {
      drafts.push({ kind: 'viewers', at: t, count: this.viewers.reading, value: 0 });
    }
    drafts.push(...this.streaks.advance(t, SIM_STEP_MS, this.rng));
    // Activity grows with the audience, which is what lets a hype feed on itself for a while.
    const scale = Math.min(3, Math.max(0.2, this.viewers.reading / this.viewers.params.baseViewers));
    for (const [activity, { rate, hype }] of this.activities) {
      const mean = rate * scale * (this.hype ? hype : 1);
      for (let n = this.rng.poisson(mean); n > 0; n -= 1) {
        act(activity, t + this.rng.int(0, SIM_STEP_MS - 1), this.context, drafts);
      }
    }
    drafts.sort((a, b) => a.at - b.at);
    for (const d of drafts) this.answer(d);
    return drafts;
  }

  /**
   * How the audience answers an event: gifts and chat draw viewers after a delay; a raid brings
   * its raiders at once. Bits and subscriptions are thanks from those already watching: they draw
   * nobody (which keeps what moves a Twitch audience apart from a TikTok one's).
   */
  private answer(d: EventDraft): void {
    switch (d.kind) {
      case 'gift':
        this.viewers.addGift(d.at, d.value);
        return;
      case 'chat':
        this.viewers.addChat(d.at);
        return;
      case 'raid':
        this.viewers.addArrivals(d.at, d.count);
        return;
      default:
        return;
    }
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
}
