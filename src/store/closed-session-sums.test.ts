import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  ClosedSessionSums,
  openNeeds,
  rankTop,
  type ScopedSession,
  type UserValue,
} from './closed-session-sums.js';

const closed = (...ids: number[]): ScopedSession[] => ids.map((id) => ({ id, version: 'v1' }));
const rows = (entries: Record<string, number>): UserValue[] =>
  Object.entries(entries).map(([user_id, value]) => ({ user_id, value }));

describe('closed-session sums', () => {
  test('a set is built once, then ready while its sessions keep their versions', () => {
    const sums = new ClosedSessionSums();
    const plan = sums.plan('coins', closed(1, 2, 3, 4));
    expect(plan).toEqual({ kind: 'build', sessions: [1, 2, 3, 4] });
    sums.settle('coins', closed(1, 2, 3, 4), plan, rows({ a: 5, b: 7 }));
    expect(sums.plan('coins', closed(1, 2, 3, 4)).kind).toBe('ready');
    expect(sums.plan('comments', closed(1, 2, 3, 4)).kind).toBe('build');
    const changed = [...closed(1, 2, 3), { id: 4, version: 'v2' }];
    expect(sums.plan('coins', changed).kind).toBe('build');
  });

  test('a set moves by the sessions that enter and leave it, dropping who has nothing left', () => {
    const sums = new ClosedSessionSums();
    const first = closed(1, 2, 3, 4, 5, 6);
    sums.settle('coins', first, sums.plan('coins', first), rows({ a: 5, b: 7, c: 1 }));
    const next = closed(2, 3, 4, 5, 6, 7);
    const plan = sums.plan('coins', next);
    expect(plan).toMatchObject({ kind: 'shift', add: [7], remove: [1] });
    const moved = sums.settle('coins', next, plan, rows({ c: 2 }), rows({ a: 5, b: 3 }));
    expect(moved.ranked).toEqual(rows({ b: 4, c: 3 }));
    // The old set was replaced by the moved one.
    expect(sums.plan('coins', first).kind).toBe('shift');
  });

  test('past half of its sessions changed, a set is built anew instead of moved', () => {
    const sums = new ClosedSessionSums();
    const first = closed(1, 2, 3, 4);
    sums.settle('coins', first, sums.plan('coins', first), rows({ a: 1 }));
    expect(sums.plan('coins', closed(3, 4, 5, 6)).kind).toBe('build');
  });

  test('at most the given number of sets are kept, the least recently used going first', () => {
    const sums = new ClosedSessionSums(2);
    for (const metric of ['coins', 'likes', 'comments'] as const) {
      sums.settle(metric, closed(1, 2, 3, 4), sums.plan(metric, closed(1, 2, 3, 4)), rows({ a: 1 }));
    }
    expect(sums.plan('coins', closed(1, 2, 3, 4)).kind).toBe('build');
    expect(sums.plan('likes', closed(1, 2, 3, 4)).kind).toBe('ready');
    expect(sums.plan('comments', closed(1, 2, 3, 4)).kind).toBe('ready');
  });

  test('ranking adds the open sessions to the closed sums, ties by user id', () => {
    const sums = new ClosedSessionSums();
    const set = closed(1, 2, 3, 4);
    const built = sums.settle('coins', set, sums.plan('coins', set), rows({ a: 10, b: 8, c: 8, d: 1 }));
    // d climbs from its closed 1 by what it gives in two open sessions.
    expect(rankTop(built, rows({ d: 5 }).concat(rows({ d: 3 })), 2)).toEqual(rows({ a: 10, d: 9 }));
    // b and c are tied at the last place: the lower id wins, unless c gives more now.
    expect(rankTop(built, [], 2)).toEqual(rows({ a: 10, b: 8 }));
    expect(rankTop(built, rows({ c: 0.5 }), 2)).toEqual(rows({ a: 10, c: 8.5 }));
    const tied = sums.settle('likes', set, sums.plan('likes', set), rows({ z: 5, y: 5, x: 5, w: 5 }));
    // A viewer of the open session passes z, tied with everyone else, so w, x... follow by id.
    expect(rankTop(tied, rows({ z: 1 }), 2)).toEqual(rows({ z: 6, w: 5 }));
    expect(rankTop(tied, [], 1)).toEqual(rows({ w: 5 }));
  });

  test('the open rows below the floor, of viewers not ranked first, or of viewers whose total is below the last of the first, never change the ranking', () => {
    const sums = new ClosedSessionSums();
    const set = closed(1, 2, 3, 4);
    const built = sums.settle('coins', set, sums.plan('coins', set), rows({ a: 10, b: 8, c: 5 }));
    expect(openNeeds(built, 2).first).toEqual(['a', 'b']);
    expect(openNeeds(built, 2).floor).toBeCloseTo(3, 5);
    // No one whose total is below the last of the first can pass them.
    expect(openNeeds(built, 2).least).toBeCloseTo(8, 5);
    // Fewer viewers than asked for: everyone in the open sessions may make it.
    expect(openNeeds(built, 5)).toMatchObject({ floor: 0, least: 0 });
    const users = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
    const sumsOf = fc.dictionary(users, fc.integer({ min: 1, max: 20 }));
    fc.assert(
      fc.property(sumsOf, sumsOf, sumsOf, fc.integer({ min: 1, max: 5 }), (base, open, other, limit) => {
        const all = new ClosedSessionSums();
        const kept = all.settle('likes', set, all.plan('likes', set), rows(base));
        const needs = openNeeds(kept, limit);
        // A viewer's total: these sessions, the open ones, and whatever else they did.
        const total = (u: string) => (base[u] ?? 0) + (open[u] ?? 0) + (other[u] ?? 0);
        const needed = rows(open).filter(
          (u) =>
            (needs.first.includes(u.user_id) || u.value >= needs.floor) && total(u.user_id) >= needs.least,
        );
        expect(rankTop(kept, needed, limit)).toEqual(rankTop(kept, rows(open), limit));
      }),
    );
  });
});
