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

/** The counters that may hold fractions (coin and bit values); the others count whole things. */
export const FRACTIONAL_COUNTERS: ReadonlySet<CounterField> = new Set(['coins', 'bits']);
export type Counters = Record<CounterField, number>;

/**
 * All counters at zero. A class, so that every aggregate row built on it (see aggregate-rows.ts)
 * shares one hidden shape: object spreads on the ingest path cost twenty times more.
 */
export class CounterSet implements Counters {
  // Assigned in the constructor, not as field initialisers: V8 defines initialised class fields
  // several times slower, and these objects are made for every viewer of every batch.
  declare likes: number;
  declare comments: number;
  declare gifts: number;
  declare coins: number;
  declare followers: number;
  declare shares: number;
  declare joins: number;
  declare subscriptions: number;
  declare cheers: number;
  declare bits: number;
  declare raids: number;
  declare raiders: number;

  constructor() {
    this.likes = 0;
    this.comments = 0;
    this.gifts = 0;
    this.coins = 0;
    this.followers = 0;
    this.shares = 0;
    this.joins = 0;
    this.subscriptions = 0;
    this.cheers = 0;
    this.bits = 0;
    this.raids = 0;
    this.raiders = 0;
  }
}

export function emptyCounters(): Counters {
  return new CounterSet();
}

/**
 * Adds what one event contributes to `target` and reports whether it counted anything.
 * like: likes += count; chat: comments += count; gift: gifts += count, coins += value;
 * follow/share/join/subscribe: += count; cheer: cheers += count, bits += value;
 * raid: raids += 1, raiders += count (the raiding channel's viewers).
 * viewers, stream_start, stream_end, reset, trigger and void count nothing here.
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
    case 'void':
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
