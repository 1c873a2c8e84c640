import type { EventKind, EventUser, LiveEvent } from '../src/core/live-event.js';
import { GIFTS, makeUser, prng, WORDS } from './event-generator.js';

/** Bump when the generated events change: cached data sets built from them are keyed by it. */
export const ANALYTICS_GENERATOR_VERSION = 'analytics-gen-1';

/** One broadcast to generate: its stream, its start and length, and how many events it holds. */
export interface SessionPlan {
  stream: string;
  startAt: number;
  durationMs: number;
  events: number;
}

const READING_EVERY_MS = 30_000;
const MINUTE_MS = 60_000;
/** Share of the minutes of a session that are chat bursts, and how much busier such a minute is. */
const BURST_SHARE = 0.05;
const BURST_WEIGHT = 9;
/** The Zipf exponent of viewer activity: a few regulars, a long tail of one-time viewers. */
const ZIPF_S = 1.05;

const KIND_MIX: readonly [EventKind, number][] = [
  ['like', 0.38],
  ['chat', 0.3],
  ['join', 0.2],
  ['gift', 0.06],
  ['follow', 0.03],
  ['share', 0.03],
];

/**
 * Events of whole broadcasts, deterministically: a viewer reading every 30 s that drifts, activity
 * spread over the minutes with chat bursts, every user-borne event from a Zipf-distributed pool
 * of viewers, gifts as TikTok reports them (a streak of a 1-coin gift once, at its end, with its
 * repeats as `count`).
 */
export class AnalyticsEventGenerator {
  private readonly random: () => number;
  private readonly users: EventUser[];
  private readonly cumulative: Float64Array;
  private nextId = 0;

  constructor(viewers: number, seed: number) {
    this.random = prng(seed);
    this.users = Array.from({ length: viewers }, (_, k) => makeUser(k));
    this.cumulative = new Float64Array(viewers);
    let sum = 0;
    for (let k = 0; k < viewers; k += 1) {
      sum += 1 / (k + 1) ** ZIPF_S;
      this.cumulative[k] = sum;
    }
  }

  /** The events of one session, in time order. */
  session(plan: SessionPlan): LiveEvent[] {
    const readings = Math.min(plan.events, Math.floor(plan.durationMs / READING_EVERY_MS));
    const activity = this.activityTimes(plan, plan.events - readings);
    const out: LiveEvent[] = [];
    let audience = 300 + Math.floor(this.random() * 3000);
    let a = 0;
    for (let r = 0; r < readings; r += 1) {
      const at = plan.startAt + r * READING_EVERY_MS;
      for (; a < activity.length && activity[a]!.at < at; a += 1)
        out.push(this.activity(plan.stream, activity[a]!));
      audience = Math.max(10, Math.round(audience * (0.96 + this.random() * 0.085)));
      out.push({ stream: plan.stream, kind: 'viewers', at, id: this.id(), count: audience, value: 0 });
    }
    for (; a < activity.length; a += 1) out.push(this.activity(plan.stream, activity[a]!));
    return out;
  }

  /** `n` sorted event times over the session's minutes, burst minutes weighted up. */
  private activityTimes(plan: SessionPlan, n: number): { at: number; burst: boolean }[] {
    const minutes = Math.max(1, Math.floor(plan.durationMs / MINUTE_MS));
    const weights = Array.from({ length: minutes }, () => (this.random() < BURST_SHARE ? BURST_WEIGHT : 1));
    const total = weights.reduce((s, w) => s + w, 0);
    const times: { at: number; burst: boolean }[] = [];
    for (let m = 0; m < minutes; m += 1) {
      const share = Math.round((n * weights[m]!) / total);
      const count = m === minutes - 1 ? n - times.length : Math.min(share, n - times.length);
      const burst = weights[m]! > 1;
      const offsets = Array.from({ length: count }, () => Math.floor(this.random() * MINUTE_MS)).sort(
        (x, y) => x - y,
      );
      for (const o of offsets) times.push({ at: plan.startAt + m * MINUTE_MS + o, burst });
    }
    return times;
  }

  private activity(stream: string, slot: { at: number; burst: boolean }): LiveEvent {
    // In a burst, most of the extra events are chat.
    const kind = slot.burst && this.random() < 0.7 ? 'chat' : this.pickKind();
    const e: LiveEvent = { stream, kind, at: slot.at, id: this.id(), count: 1, value: 0 };
    if (kind !== 'like' || this.random() < 0.8) e.user = this.pickUser();
    if (kind === 'like') e.count = 1 + Math.floor(this.random() * 15);
    else if (kind === 'chat')
      e.text = `${WORDS[Math.floor(this.random() * WORDS.length)]!} ${this.nextId % 97}`;
    else if (kind === 'gift') this.fillGift(e);
    return e;
  }

  private fillGift(e: LiveEvent): void {
    const g = GIFTS[Math.floor(this.random() * this.random() * GIFTS.length)]!;
    e.gift = g.gift;
    if (g.coins === 1) {
      // A streak: geometric repeats, now and then a long one.
      e.count = 1 + Math.floor(-Math.log(1 - this.random()) * (this.random() < 0.1 ? 60 : 6));
      e.data = { streak_closed_by: 'repeat_end' };
    } else {
      e.count = 1 + Math.floor(this.random() * this.random() * 5);
    }
    e.value = g.coins * e.count;
  }

  private pickKind(): EventKind {
    let r = this.random();
    for (const [kind, share] of KIND_MIX) {
      r -= share;
      if (r < 0) return kind;
    }
    return 'like';
  }

  /** Zipf by inverse transform: a binary search over the cumulative weights. */
  private pickUser(): EventUser {
    const target = this.random() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return this.users[lo]!;
  }

  private id(): string {
    this.nextId += 1;
    return `a${this.nextId}`;
  }
}
