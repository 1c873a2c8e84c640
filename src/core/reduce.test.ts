import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { emptyDelta, emptyState, foldState, reduce } from './reduce.js';
import { EVENT_KINDS, type StoredEvent } from './live-event.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const OPTIONS = { sessionGapMs: 5 * 60_000 };

/**
 * Random stored events over two streams: out-of-order times, gaps, events hours or days late,
 * renamed users and gifts.
 */
const events = fc
  .array(
    fc.record({
      stream: fc.constantFrom('a', 'b'),
      kind: fc.constantFrom(...EVENT_KINDS),
      dt: fc.oneof(
        { weight: 20, arbitrary: fc.integer({ min: -30_000, max: 40_000 }) },
        { weight: 1, arbitrary: fc.constant(10 * 60_000) },
        { weight: 1, arbitrary: fc.constantFrom(-3 * 24 * 3600_000, -2 * 3600_000, -6 * 60_000) },
      ),
      user: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      rename: fc.boolean(),
      count: fc.integer({ min: 0, max: 300 }),
      quarters: fc.integer({ min: 0, max: 400 }),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((rows) => {
    let clock = T0;
    return rows.map((r, i): StoredEvent => {
      clock = Math.max(T0 - 30 * 24 * 3600_000, clock + r.dt);
      const e: StoredEvent = {
        seq: i + 1,
        stream: r.stream,
        kind: r.kind,
        at: clock,
        count: r.count,
        value: r.quarters / 4,
      };
      if (r.user !== undefined) e.user = { id: `u${r.user}`, name: `user${r.user}${r.rename ? 'x' : ''}` };
      if (r.kind === 'gift') e.gift = { id: `g${r.count % 2}`, name: `gift ${r.quarters % 3}` };
      return e;
    });
  });

describe('reduce into a pending delta', () => {
  test('batches folded one after another into one delta give the delta of one batch holding them all', () => {
    fc.assert(
      fc.property(events, fc.array(fc.nat(), { maxLength: 4 }), (all, cuts) => {
        const bounds = [...new Set([0, ...cuts.map((c) => c % (all.length + 1)), all.length])].sort(
          (a, b) => a - b,
        );
        const whole = reduce(emptyState(), all, OPTIONS);
        let state = emptyState();
        const pending = emptyDelta();
        for (let i = 1; i < bounds.length; i++) {
          state = reduce(state, all.slice(bounds[i - 1], bounds[i]), OPTIONS, pending).state;
        }
        expect(pending).toEqual(whole.delta);
        expect(state).toEqual(whole.state);
        expect(foldState(emptyState(), all, OPTIONS)).toEqual(whole.state);
        const anonymous = all.map(({ user: _u, gift: _g, ...e }) => e);
        expect(foldState(emptyState(), anonymous, OPTIONS)).toEqual(whole.state);
      }),
      { numRuns: 300 },
    );
  });

  test('a later viewer reading replaces the minute last one, an older one only widens min and max', () => {
    const reading = (seq: number, at: number, count: number): StoredEvent => ({
      seq,
      stream: 'a',
      kind: 'viewers',
      at,
      count,
      value: 0,
    });
    const first = reduce(emptyState(), [reading(1, T0 + 20_000, 50)], OPTIONS);
    reduce(first.state, [reading(2, T0 + 10_000, 90), reading(3, T0 + 20_000, 40)], OPTIONS, first.delta);
    expect(first.delta.rollups.get('a')!.get(T0)).toMatchObject({
      viewers_last: 40,
      viewers_min: 40,
      viewers_max: 90,
      viewers_sum: 180,
      viewers_n: 3,
    });
  });
});
