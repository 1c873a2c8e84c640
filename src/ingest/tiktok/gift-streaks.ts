import type { EventUser } from '../../core/live-event.js';
import type { GiftValue } from './gift-value.js';

/** A streak stays open this long without a new message before `flush` closes it. */
export const DEFAULT_STREAK_IDLE_MS = 20_000;

/** One running gift streak: what is needed to count it once it closes. */
export interface GiftStreak {
  /** user id + gift id + group id: the streak's identity. */
  key: string;
  user: EventUser | undefined;
  giftId: string;
  value: GiftValue;
  /** The highest running `repeatCount` seen so far. */
  repeatCount: number;
  /** Receive time of the streak's latest message. */
  lastSeenAt: number;
}

/**
 * The open gift streaks of one stream. TikTok re-sends a streakable gift's message with a rising
 * `repeatCount` and marks the last one `repeatEnd`; a streak is counted once, when it closes,
 * either by that end message or, if the end never comes, after it has been idle for a while.
 */
export class GiftStreaks {
  private readonly open = new Map<string, GiftStreak>();

  constructor(private readonly idleMs: number = DEFAULT_STREAK_IDLE_MS) {}

  /** Records a non-final streak message (a later, lower `repeatCount` never lowers the count). */
  update(streak: GiftStreak): void {
    const known = this.open.get(streak.key);
    if (known) {
      known.repeatCount = Math.max(known.repeatCount, streak.repeatCount);
      known.lastSeenAt = Math.max(known.lastSeenAt, streak.lastSeenAt);
    } else {
      this.open.set(streak.key, { ...streak });
    }
  }

  /**
   * Closes a streak on its end message and returns the repeats to count: the end message's
   * `repeatCount`, or the highest seen before if that is higher (messages may arrive out of order).
   */
  close(key: string, repeatCount: number): number {
    const known = this.open.get(key);
    this.open.delete(key);
    return Math.max(repeatCount, known?.repeatCount ?? 0);
  }

  /** Removes and returns the streaks idle for longer than the timeout at `now`, oldest first. */
  takeIdle(now: number): GiftStreak[] {
    return this.take((s) => now - s.lastSeenAt > this.idleMs);
  }

  /** Removes and returns every open streak, oldest first. */
  takeAll(): GiftStreak[] {
    return this.take(() => true);
  }

  /** How many streaks are open. */
  get size(): number {
    return this.open.size;
  }

  private take(isDue: (s: GiftStreak) => boolean): GiftStreak[] {
    const due = [...this.open.values()].filter(isDue).sort((a, b) => a.lastSeenAt - b.lastSeenAt);
    for (const s of due) this.open.delete(s.key);
    return due;
  }
}
