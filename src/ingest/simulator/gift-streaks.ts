import type { EventUser, LiveEvent } from '../../core/live-event.js';
import type { SeededRandom } from './seeded-random.js';
import type { SimGift } from './simulator-catalogue.js';

/** An event before it gets its id and stream. */
export type EventDraft = Omit<LiveEvent, 'id' | 'stream'>;

/** Chance per second that a running streak ends. */
const STREAK_END_CHANCE = 0.3;

interface Streak {
  user: EventUser;
  gift: SimGift;
  count: number;
}

/** A gift event: `count` gifts, `value` = the gift's coins × `count`. */
export function giftDraft(at: number, user: EventUser, gift: SimGift, count: number): EventDraft {
  return { kind: 'gift', at, user, gift: { id: gift.id, name: gift.name }, count, value: gift.coins * count };
}

/**
 * The streaks being tapped, TikTok-style: a viewer repeats a streakable gift in quick succession
 * and the whole streak is reported once, when it ends, with `count` = the repeats.
 */
export class GiftStreaks {
  private readonly running = new Map<string, Streak>();

  /** Starts a streak of `gift`, or adds repeats to the viewer's running streak. */
  tap(user: EventUser, gift: SimGift, repeats: number): void {
    const streak = this.running.get(user.id);
    if (streak) streak.count += repeats;
    else this.running.set(user.id, { user, gift, count: repeats });
  }

  /** Simulates the second starting at `t`: each streak either ends (one gift event) or grows. */
  advance(t: number, stepMs: number, rng: SeededRandom): EventDraft[] {
    const ended: EventDraft[] = [];
    for (const [userId, streak] of this.running) {
      if (rng.chance(STREAK_END_CHANCE)) {
        ended.push(giftDraft(t + rng.int(0, stepMs - 1), streak.user, streak.gift, streak.count));
        this.running.delete(userId);
      } else {
        streak.count += rng.int(1, 4);
      }
    }
    return ended;
  }
}
