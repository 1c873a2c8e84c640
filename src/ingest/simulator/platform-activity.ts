import type { EventUser } from '../../core/live-event.js';
import { giftDraft, type EventDraft, type GiftStreaks } from './gift-streaks.js';
import type { SeededRandom } from './seeded-random.js';
import { CHAT_TEXTS, GIFT_CATALOGUE, WeightedPicker } from './simulator-catalogue.js';
import { CHEER_AMOUNTS, SUB_PLANS, TWITCH_CHAT_TEXTS } from './twitch-catalogue.js';

/** The platforms the simulator can imitate. */
export type SimPlatform = 'tiktok' | 'twitch';

/** What an audience member can do; which of these happen depends on the platform. */
export type Activity =
  'like' | 'chat' | 'streak' | 'bigGift' | 'follow' | 'share' | 'join' | 'cheer' | 'subscribe' | 'raid';

/**
 * `rate`: mean occurrences per second at the base audience, outside hype periods; `hype`: how many
 * times more often it happens during one.
 */
export interface ActivityRate {
  rate: number;
  hype: number;
}

/**
 * Per platform, in a fixed order (the order random numbers are drawn in): TikTok has likes, gift
 * streaks, big gifts, shares and joins; Twitch has chat, bits (cheers), subscriptions and raids.
 */
export const PLATFORM_ACTIVITY: Readonly<Record<SimPlatform, readonly [Activity, ActivityRate][]>> = {
  tiktok: [
    ['like', { rate: 1.2, hype: 3 }],
    ['chat', { rate: 0.5, hype: 4 }],
    // Gifts come in bursts: rare outside hype periods, so that a channel's top gifter sends some
    // tens of thousands of coins a week, as on a mid-size stream, not millions.
    ['streak', { rate: 0.005, hype: 10 }],
    ['bigGift', { rate: 0.0008, hype: 25 }],
    ['follow', { rate: 0.03, hype: 3 }],
    ['share', { rate: 0.01, hype: 3 }],
    ['join', { rate: 0.6, hype: 2 }],
  ],
  twitch: [
    ['chat', { rate: 0.5, hype: 4 }],
    ['cheer', { rate: 0.02, hype: 8 }],
    ['subscribe', { rate: 0.01, hype: 6 }],
    ['follow', { rate: 0.02, hype: 3 }],
    ['raid', { rate: 0.0004, hype: 1 }],
  ],
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
const CHEERS = new WeightedPicker(CHEER_AMOUNTS, weightOf);
const PLANS = new WeightedPicker(SUB_PLANS, weightOf);

export interface ActContext {
  platform: SimPlatform;
  rng: SeededRandom;
  streaks: GiftStreaks;
  /** The viewer behind one occurrence of `activity`, or null when nobody may do it (it does not happen). */
  pickUser: (activity: Activity) => EventUser | null;
}

/**
 * Adds what one occurrence of `activity` at `at` gives to `drafts` (a streak tap gives nothing
 * yet; an occurrence nobody may do gives nothing at all).
 */
export function act(activity: Activity, at: number, context: ActContext, drafts: EventDraft[]): void {
  const { rng } = context;
  const user = context.pickUser(activity);
  if (user === null) return;
  switch (activity) {
    case 'like':
      drafts.push({ kind: 'like', at, user, count: rng.int(1, 30), value: 0 });
      return;
    case 'chat': {
      const texts = context.platform === 'twitch' ? TWITCH_CHAT_TEXTS : CHAT_TEXTS;
      drafts.push({ kind: 'chat', at, user, text: rng.pick(texts), count: 1, value: 0 });
      return;
    }
    case 'streak':
      context.streaks.tap(user, STREAK_GIFTS.pick(rng), rng.int(1, 3));
      return;
    case 'bigGift':
      drafts.push(giftDraft(at, user, BIG_GIFTS.pick(rng), 1));
      return;
    case 'cheer': {
      const bits = CHEERS.pick(rng).bits;
      drafts.push({
        kind: 'cheer',
        at,
        user,
        text: `Cheer${bits} ${rng.pick(TWITCH_CHAT_TEXTS)}`,
        count: 1,
        value: bits,
      });
      return;
    }
    case 'subscribe': {
      const plan = PLANS.pick(rng).plan;
      // One in five is a gift bundle: several subscriptions handed out at once.
      const gifted = rng.chance(0.2);
      const count = gifted ? rng.pick([1, 5, 5, 10, 20]) : 1;
      const data = gifted ? { plan, gifted: true } : { plan, cumulativeMonths: rng.int(1, 36) };
      drafts.push({ kind: 'subscribe', at, user, count, value: 0, data });
      return;
    }
    case 'raid':
      drafts.push({ kind: 'raid', at, user, count: rng.int(5, 300), value: 0 });
      return;
    case 'follow':
    case 'share':
    case 'join':
      drafts.push({ kind: activity, at, user, count: 1, value: 0 });
      return;
  }
}
