import fc from 'fast-check';
import { EVENT_KINDS, type LiveEvent } from '../../../../src/core/live-event.js';
import { T0, user } from '../../../support/events.js';

/** The session grace the contract runs with. */
export const GAP = 5 * 60_000;

/** The activity kinds; the session-shaping ones are drawn rarely, below. */
const KINDS = EVENT_KINDS.slice(0, EVENT_KINDS.indexOf('stream_start'));

/**
 * Random batches over two streams with duplicates (repeated source ids), timestamps out of order
 * within a batch, events arriving hours or days late, occasional resets and stream ends, and gaps
 * longer than the session grace.
 * Coin values are multiples of 0.25 so sums are exact whatever the grouping.
 */
export function randomBatches(): fc.Arbitrary<LiveEvent[][]> {
  const event = fc.record({
    stream: fc.constantFrom('tiktok-a', 'twitch-b'),
    kind: fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(...KINDS) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('reset', 'stream_end', 'stream_start', 'trigger'),
      },
    ),
    dt: fc.oneof(
      { weight: 30, arbitrary: fc.integer({ min: -20_000, max: 40_000 }) },
      { weight: 1, arbitrary: fc.constant(GAP + 60_000) },
      // Late events: hours or days before what came earlier, across batches as within them.
      { weight: 1, arbitrary: fc.constantFrom(-2 * 24 * 3600_000, -3 * 3600_000, -(GAP + 30_000)) },
    ),
    id: fc.option(
      fc.integer({ min: 0, max: 40 }).map((n) => `s${n}`),
      { nil: undefined },
    ),
    user: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    count: fc.integer({ min: 0, max: 500 }),
    quarters: fc.integer({ min: 0, max: 400 }),
  });
  return fc
    .array(fc.array(event, { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 8 })
    .map((batches) => {
      let clock = T0;
      return batches.map((batch) =>
        batch.map((r) => {
          clock = Math.max(T0 - 10 * 24 * 3600_000, clock + r.dt);
          const e: LiveEvent = {
            stream: r.stream,
            kind: r.kind,
            at: clock,
            count: r.count,
            value: r.quarters / 4,
          };
          if (r.id !== undefined) e.id = r.id;
          if (r.user !== undefined) e.user = user(r.user);
          if (r.kind === 'chat') e.text = 'hello';
          // A few gift types, renamed now and then: the latest name must win however batches fall.
          if (r.kind === 'gift')
            e.gift = { id: `g${r.count % 3}`, name: `gift ${r.count % 3}.${r.quarters % 2}` };
          return e;
        }),
      );
    });
}
