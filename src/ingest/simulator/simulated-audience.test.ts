import { describe, expect, test } from 'vitest';
import type { EventUser } from '../../core/live-event.js';
import type { Activity } from './platform-activity.js';
import {
  GIFTER_SHARE,
  MAX_SHARES_PER_SESSION,
  SimulatedAudience,
  followersOf,
} from './simulated-audience.js';
import { SeededRandom } from './seeded-random.js';
import { createAudience } from './simulator-catalogue.js';

const AUDIENCE = createAudience(new SeededRandom(3), 100);

function draw(audience: SimulatedAudience, activity: Activity, times: number, seed = 1): EventUser[] {
  const rng = new SeededRandom(seed);
  const users: EventUser[] = [];
  for (let i = 0; i < times; i += 1) {
    const user = audience.pickFor(activity, rng);
    if (user) users.push(user);
  }
  return users;
}

function countBy(users: readonly EventUser[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const u of users) counts.set(u.id, (counts.get(u.id) ?? 0) + 1);
  return counts;
}

describe('SimulatedAudience', () => {
  test('lets each viewer follow once, across the broadcasts that share the followers', () => {
    const followers = new Set<string>();
    const first = draw(new SimulatedAudience(AUDIENCE, followers), 'follow', 300, 1);
    const second = draw(new SimulatedAudience(AUDIENCE, followers), 'follow', 300, 2);
    const all = [...first, ...second];
    expect(second.length).toBeGreaterThan(0);
    expect(Math.max(...countBy(all).values())).toBe(1);
    expect(followers).toEqual(new Set(all.map((u) => u.id)));
  });

  test('lets a viewer follow again only when the followers are not shared (the check above can fail)', () => {
    const first = draw(new SimulatedAudience(AUDIENCE, new Set()), 'follow', 300, 1);
    const second = draw(new SimulatedAudience(AUDIENCE, new Set()), 'follow', 300, 2);
    expect(Math.max(...countBy([...first, ...second]).values())).toBe(2);
  });

  test('lets each viewer join a broadcast once and share it a few times at most', () => {
    const audience = new SimulatedAudience(AUDIENCE, new Set());
    const joins = draw(audience, 'join', 1000);
    expect(joins.length).toBeGreaterThan(50);
    expect(Math.max(...countBy(joins).values())).toBe(1);
    const shares = draw(audience, 'share', 1000);
    expect(Math.max(...countBy(shares).values())).toBe(MAX_SHARES_PER_SESSION);
    // A new broadcast: joins and shares start afresh.
    const next = new SimulatedAudience(AUDIENCE, new Set());
    expect(draw(next, 'join', 1000)).toHaveLength(joins.length);
  });

  test('leaves gifts, bits and subscriptions to a few, the first of them giving most', () => {
    const audience = new SimulatedAudience(AUDIENCE, new Set());
    const gifters = countBy([
      ...draw(audience, 'streak', 2000),
      ...draw(audience, 'bigGift', 2000, 2),
      ...draw(audience, 'cheer', 2000, 3),
      ...draw(audience, 'subscribe', 2000, 4),
    ]);
    expect(gifters.size).toBe(Math.round(AUDIENCE.length * GIFTER_SHARE));
    const top = AUDIENCE[0]!.id;
    expect(Math.max(...gifters.values())).toBe(gifters.get(top));
    // Chat still comes from the whole audience.
    expect(countBy(draw(audience, 'chat', 2000)).size).toBeGreaterThan(gifters.size * 5);
  });
});

describe('followersOf', () => {
  test('gives each stream one set, the same every time', () => {
    const byStream = new Map<string, Set<string>>();
    const a = followersOf(byStream, 'a');
    a.add('1');
    expect(followersOf(byStream, 'a')).toBe(a);
    expect(followersOf(byStream, 'b')).toEqual(new Set());
  });
});
