import type { LiveEvent } from './live-event.js';

/** The additive activity counters kept by stats, sessions, rollups and viewer totals alike. */
export const COUNTER_FIELDS = [
  'likes',
  'comments',
  'gifts',
  'coins',
  'followers',
  'shares',
  'joins',
  'subscriptions',
  'cheers',
  'bits',
  'raids',
  'raiders',
] as const;

export type CounterField = (typeof COUNTER_FIELDS)[number];
export type Counters = Record<CounterField, number>;

export function emptyCounters(): Counters {
  return {
    likes: 0,
    comments: 0,
    gifts: 0,
    coins: 0,
    followers: 0,
    shares: 0,
    joins: 0,
    subscriptions: 0,
    cheers: 0,
    bits: 0,
    raids: 0,
    raiders: 0,
  };
}

/**
 * Adds what one event contributes to `target` and reports whether it counted anything.
 * like: likes += count; chat: comments += count; gift: gifts += count, coins += value;
 * follow/share/join/subscribe: += count; cheer: cheers += count, bits += value;
 * raid: raids += 1, raiders += count (the raiding channel's viewers).
 * viewers, stream_start, stream_end, reset and trigger count nothing here.
 */
export function addEventCounters(target: Counters, e: LiveEvent): boolean {
  switch (e.kind) {
    case 'like':
      target.likes += e.count;
      return true;
    case 'chat':
      target.comments += e.count;
      return true;
    case 'gift':
      target.gifts += e.count;
      target.coins += e.value;
      return true;
    case 'follow':
      target.followers += e.count;
      return true;
    case 'share':
      target.shares += e.count;
      return true;
    case 'join':
      target.joins += e.count;
      return true;
    case 'subscribe':
      target.subscriptions += e.count;
      return true;
    case 'cheer':
      target.cheers += e.count;
      target.bits += e.value;
      return true;
    case 'raid':
      target.raids += 1;
      target.raiders += e.count;
      return true;
    case 'viewers':
    case 'stream_start':
    case 'stream_end':
    case 'reset':
    case 'trigger':
      return false;
  }
}

export function addCounters(target: Counters, source: Counters): void {
  for (const f of COUNTER_FIELDS) target[f] += source[f];
}

export function subtractCounters(target: Counters, source: Counters): void {
  for (const f of COUNTER_FIELDS) target[f] -= source[f];
}

export function pickCounters(source: Counters): Counters {
  const out = emptyCounters();
  addCounters(out, source);
  return out;
}
