import type { EventUser } from '../../core/live-event.js';
import type { SeededRandom } from './seeded-random.js';

/** A gift the simulator can send, TikTok-style: a price in coins and whether it streaks. */
export interface SimGift {
  id: string;
  name: string;
  coins: number;
  /** Streakable gifts are tapped repeatedly and reported once, at the end of the streak. */
  isStreakable: boolean;
  /** Relative frequency among the gifts of the same kind (streakable or not). */
  weight: number;
}

/** The gifts the simulator sends; prices follow TikTok's catalogue. */
export const GIFT_CATALOGUE: readonly SimGift[] = [
  { id: 'rose', name: 'Rose', coins: 1, isStreakable: true, weight: 60 },
  { id: 'finger-heart', name: 'Finger Heart', coins: 5, isStreakable: true, weight: 20 },
  { id: 'perfume', name: 'Perfume', coins: 20, isStreakable: true, weight: 12 },
  { id: 'doughnut', name: 'Doughnut', coins: 30, isStreakable: true, weight: 8 },
  { id: 'confetti', name: 'Confetti', coins: 100, isStreakable: false, weight: 60 },
  { id: 'galaxy', name: 'Galaxy', coins: 1000, isStreakable: false, weight: 35 },
  // A Lion or a Universe costs hundreds of dollars: a mid-size stream sees one a week or so.
  { id: 'lion', name: 'Lion', coins: 29_999, isStreakable: false, weight: 0.4 },
  { id: 'universe', name: 'Universe', coins: 44_999, isStreakable: false, weight: 0.2 },
];

/** Chat lines a live audience plausibly sends. */
export const CHAT_TEXTS: readonly string[] = [
  'hi from Brazil!',
  'hello everyone',
  'first time here',
  'lol',
  "LET'S GOOO",
  'what game is this?',
  'love this song',
  'can you say hi to me?',
  'where are you from?',
  'this is so good',
  'W stream',
  'haha',
  'how long have you been live?',
  'follow for follow?',
  'the lion!!!',
  'thank you for the stream',
  'gg',
  'wow',
  'again again',
  'good night from Manila',
];

const ADJECTIVES = ['happy', 'lazy', 'pixel', 'neon', 'cosmic', 'sleepy', 'lucky', 'salty', 'golden', 'tiny'];
const NOUNS = ['fox', 'panda', 'otter', 'comet', 'noodle', 'tiger', 'cactus', 'wizard', 'mango', 'falcon'];

/**
 * A pool of `size` viewers with stable, seed-dependent ids and names: the same seed gives the
 * same audience. Ids look like TikTok's numeric user ids.
 */
export function createAudience(rng: SeededRandom, size: number): EventUser[] {
  const audience: EventUser[] = [];
  const taken = new Set<string>();
  while (audience.length < size) {
    const adjective = rng.pick(ADJECTIVES);
    const noun = rng.pick(NOUNS);
    const name = `${adjective}_${noun}${rng.int(1, 9999)}`;
    const id = String(rng.int(6_000_000_000, 7_999_999_999));
    if (taken.has(name) || taken.has(id)) continue;
    taken.add(name).add(id);
    audience.push({ id, name, display: `${capitalise(adjective)} ${capitalise(noun)}` });
  }
  return audience;
}

/** Picks items with probability proportional to their weights (cumulative sums, binary search). */
export class WeightedPicker<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  /** `items` must not be empty and every weight must be positive. */
  constructor(
    private readonly items: readonly T[],
    weightOf: (item: T, index: number) => number,
  ) {
    let sum = 0;
    items.forEach((item, i) => {
      sum += weightOf(item, i);
      this.cumulative.push(sum);
    });
    if (!(sum > 0)) throw new RangeError('a weighted pick needs at least one item of positive weight');
    this.total = sum;
  }

  pick(rng: SeededRandom): T {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] ?? Infinity) > r) hi = mid;
      else lo = mid + 1;
    }
    const item = this.items[lo];
    if (item === undefined) throw new RangeError('weighted pick out of range');
    return item;
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
