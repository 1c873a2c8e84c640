import type { EventGift, EventKind, EventUser, LiveEvent } from '../src/core/live-event.js';

/** Bump when the generated events change: cached data sets built from them are keyed by it. */
export const GENERATOR_VERSION = 'gen-1';

export interface GeneratorOptions {
  /** Stream ids with their share of the traffic (weights need not sum to 1). */
  streams: readonly { id: string; weight: number }[];
  /** Size of the user pool (activity is skewed: a few users are very active). */
  users: number;
  /** Event time of the first event, epoch ms. */
  startAt: number;
  /** How fast event time advances. */
  eventsPerSecond: number;
  /** Every this many events, event time jumps by `breakMs` so sessions close and new ones open. */
  sessionEvery?: number;
  breakMs?: number;
  seed: number;
}

export const BENCH_STREAMS = [
  { id: 'tiktok-main', weight: 0.5 },
  { id: 'twitch-main', weight: 0.25 },
  { id: 'youtube-main', weight: 0.15 },
  { id: 'tiktok-alt', weight: 0.1 },
] as const;

/** Kinds of non-viewer events and their share, roughly what a busy TikTok/Twitch live sends. */
const KIND_MIX: readonly [EventKind, number][] = [
  ['like', 0.45],
  ['chat', 0.25],
  ['join', 0.15],
  ['gift', 0.06],
  ['follow', 0.05],
  ['share', 0.04],
];

/** Gifts with their coin value each; the 1-coin ones are streakable. */
export const GIFTS: readonly { gift: EventGift; coins: number }[] = [
  { gift: { id: '5655', name: 'Rose' }, coins: 1 },
  { gift: { id: '5269', name: 'TikTok' }, coins: 1 },
  { gift: { id: '5487', name: 'Finger Heart' }, coins: 5 },
  { gift: { id: '6064', name: 'GG' }, coins: 1 },
  { gift: { id: '5879', name: 'Doughnut' }, coins: 30 },
  { gift: { id: '6267', name: 'Corgi' }, coins: 299 },
];

/** Chat words, a message being one of them plus a number. */
export const WORDS = [
  'hello',
  'lol',
  'gg',
  'what game is this',
  'love the stream',
  'first time here',
  'wow',
  'nice play',
  'where are you from',
  'greetings from Berlin',
  'can you say hi',
  'that was close',
  '!discord',
  'haha',
  "let's go",
];

/** Share of events (other than viewer readings) that carry a user. */
const USER_SHARE = 0.7;
/** One viewer reading per stream every this many events (every 2 s of event time at 2,000/s). */
const READING_EVERY = 4000;

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same events on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Produces realistic normalised events chunk by chunk, deterministically: a few streams, ~70% of
 * events from a pool of users, likes/chats/gifts/joins/follows/shares plus periodic viewer
 * readings, every event with a unique source id, event time advancing at `eventsPerSecond`.
 */
export class EventGenerator {
  private readonly random: () => number;
  private readonly users: EventUser[];
  private readonly viewers = new Map<string, number>();
  private index = 0;
  private offsetMs = 0;

  constructor(private readonly options: GeneratorOptions) {
    this.random = prng(options.seed);
    this.users = Array.from({ length: options.users }, (_, k) => makeUser(k));
    for (const s of options.streams) this.viewers.set(s.id, 200 + Math.floor(this.random() * 2000));
  }

  /** The next `n` events. */
  next(n: number): LiveEvent[] {
    const out: LiveEvent[] = [];
    for (let i = 0; i < n; i += 1) out.push(this.nextEvent());
    return out;
  }

  private nextEvent(): LiveEvent {
    const { options } = this;
    const i = this.index;
    this.index += 1;
    if (options.sessionEvery && i > 0 && i % options.sessionEvery === 0)
      this.offsetMs += options.breakMs ?? 3_600_000;
    const at = options.startAt + this.offsetMs + Math.floor((i * 1000) / options.eventsPerSecond);
    // Connector ids look like TikTok's numeric message ids: unique, 16 digits.
    const id = String(7_311_000_000_000_000 + i);
    const slot = i % READING_EVERY;
    if (slot < options.streams.length) return this.reading(options.streams[slot]!.id, at, id);
    const stream = this.pickStream();
    const kind = this.pickKind();
    const e: LiveEvent = { stream, kind, at, id, count: 1, value: 0 };
    if (this.random() < USER_SHARE) e.user = this.pickUser();
    this.fill(e);
    return e;
  }

  private fill(e: LiveEvent): void {
    if (e.kind === 'like') {
      e.count = 1 + Math.floor(this.random() * 15);
    } else if (e.kind === 'chat') {
      e.text = `${WORDS[Math.floor(this.random() * WORDS.length)]!} ${this.index % 97}`;
    } else if (e.kind === 'gift') {
      const g = GIFTS[Math.floor(this.random() * this.random() * GIFTS.length)]!;
      e.gift = g.gift;
      e.count = 1 + Math.floor(this.random() * this.random() * 20);
      e.value = g.coins * e.count;
      e.data = { streakable: g.coins === 1, repeat_end: true };
    }
  }

  private reading(stream: string, at: number, id: string): LiveEvent {
    const current = this.viewers.get(stream) ?? 0;
    const next = Math.max(0, Math.round(current * (0.97 + this.random() * 0.06)));
    this.viewers.set(stream, next);
    return { stream, kind: 'viewers', at, id, count: next, value: 0 };
  }

  private pickStream(): string {
    const streams = this.options.streams;
    const total = streams.reduce((sum, s) => sum + s.weight, 0);
    let r = this.random() * total;
    for (const s of streams) {
      r -= s.weight;
      if (r < 0) return s.id;
    }
    return streams[streams.length - 1]!.id;
  }

  private pickKind(): EventKind {
    let r = this.random();
    for (const [kind, share] of KIND_MIX) {
      r -= share;
      if (r < 0) return kind;
    }
    return 'like';
  }

  /** Skewed: squaring the draw makes low indexes (the regulars) far more likely. */
  private pickUser(): EventUser {
    const r = this.random();
    return this.users[Math.floor(r * r * this.users.length)]!;
  }
}

/** The `k`th user of the pool: id, name `viewer_<k>`, a display name for every other one. */
export function makeUser(k: number): EventUser {
  const user: EventUser = { id: String(6_800_000_000 + k * 7), name: `viewer_${k}` };
  if (k % 2 === 0) user.display = `Viewer ${k}`;
  return user;
}

/** `count` events from a fresh generator. */
export function generateEvents(count: number, options: GeneratorOptions): LiveEvent[] {
  return new EventGenerator(options).next(count);
}

/** Splits events into NDJSON bodies of `perBody` events (the normalised form is valid wire form). */
export function toNdjsonBodies(events: readonly LiveEvent[], perBody: number): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += perBody) {
    bodies.push(
      events
        .slice(i, i + perBody)
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n',
    );
  }
  return bodies;
}

/** Splits a list into chunks of `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
