import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { LiveEvent } from '../../../../src/core/live-event.js';
import type { CounterField } from '../../../../src/core/counters.js';
import { ValidationError } from '../../../../src/core/errors.js';
import type { AggregateDump, ProfileStore, StoreEngine } from '../../../../src/store/ports.js';
import { T0, user } from '../../../support/events.js';
import type { EngineHarness } from './profile-store.contract.js';
import { GAP } from './random-batches.contract.js';

const HOUR = 3_600_000;
const STREAMS = ['tiktok-a', 'twitch-b'] as const;
const METRICS: CounterField[] = ['coins', 'comments', 'likes'];

/** One step of a profile's history, or a leaderboard read checked against the sums. */
type Step =
  | {
      kind: 'session';
      stream: number;
      events: { user: number; what: number; amount: number }[];
      open: boolean;
    }
  | { kind: 'late'; user: number; hoursBack: number; amount: number }
  | { kind: 'void'; back: number }
  /** A range from the session at `first` to the one at `last`, as fractions of those so far. */
  | { kind: 'read'; metric: CounterField; first: number; last: number; limit: number };

const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('session' as const),
        stream: fc.integer({ min: 0, max: 1 }),
        events: fc.array(
          fc.record({
            user: fc.integer({ min: 0, max: 9 }),
            what: fc.integer({ min: 0, max: 2 }),
            amount: fc.integer({ min: 1, max: 4 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        open: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('late' as const),
        user: fc.integer({ min: 0, max: 9 }),
        hoursBack: fc.integer({ min: 1, max: 30 }),
        amount: fc.integer({ min: 1, max: 4 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('void' as const), back: fc.integer({ min: 1, max: 20 }) }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('read' as const),
        metric: fc.constantFrom(...METRICS),
        first: fc.double({ min: 0, max: 0.5, noNaN: true }),
        last: fc.double({ min: 0.5, max: 1, noNaN: true }),
        limit: fc.integer({ min: 1, max: 6 }),
      }),
    },
  ),
  { minLength: 10, maxLength: 50 },
);

/** Events of one broadcast starting at `at`: a chat, gift or like per entry, a minute apart. */
function broadcast(step: Extract<Step, { kind: 'session' }>, at: number): LiveEvent[] {
  const stream = STREAMS[step.stream]!;
  const events: LiveEvent[] = [{ stream, kind: 'stream_start', at, count: 1, value: 0 }];
  step.events.forEach((e, i) => {
    const base = { stream, at: at + (i + 1) * 60_000, user: user(e.user) };
    if (e.what === 0) events.push({ ...base, kind: 'chat', count: 1, value: 0, text: 'hi' });
    else if (e.what === 1)
      events.push({ ...base, kind: 'gift', count: 1, value: e.amount, gift: { id: 'rose', name: 'Rose' } });
    else events.push({ ...base, kind: 'like', count: e.amount, value: 0 });
  });
  if (!step.open) events.push({ stream, kind: 'stream_end', at: at + 20 * 60_000, count: 1, value: 0 });
  return events;
}

/** The leaderboard summed straight from the sessions' viewer rows. */
function expected(dump: AggregateDump, metric: CounterField, from: number, to: number, limit: number) {
  const inRange = new Set(
    dump.sessions.filter((s) => s.started_at >= from && s.started_at < to).map((s) => s.id),
  );
  const sums = new Map<string, number>();
  for (const v of dump.sessionViewers) {
    if (inRange.has(v.session_id)) sums.set(v.user_id, (sums.get(v.user_id) ?? 0) + v[metric]);
  }
  return [...sums]
    .filter(([, value]) => value > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, limit)
    .map(([user_id, value]) => ({ user_id, value }));
}

/**
 * Leaderboards over a range of sessions, which an engine may answer from sums of the closed
 * sessions kept between reads: after any mix of new sessions (closed or left open), late events
 * joining closed ones and voids folding the log again, every read equals the sum of the
 * sessions' viewer rows.
 */
export function runLeaderboardRangeContract(harness: EngineHarness): void {
  describe(`leaderboards over ranges of sessions: ${harness.name}`, () => {
    let engine: StoreEngine;
    beforeEach(async () => {
      engine = await harness.create(GAP);
      await engine.system.createProfile({ id: 'ranked', name: 'Ranked' });
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    test('every range read equals the sum of its sessions, through new, late and voided events', async () => {
      await fc.assert(
        fc.asyncProperty(steps, async (history) => {
          await engine.dropProfile('ranked');
          const store = await engine.openProfile('ranked');
          const starts: number[] = [];
          const reads: Extract<Step, { kind: 'read' }>[] = [];
          let clock = T0;
          let seq = 0;
          for (const step of history) {
            if (step.kind === 'session') {
              clock += 2 * HOUR;
              starts.push(clock);
              seq += (await store.append(broadcast(step, clock))).stored.length;
            } else if (step.kind === 'late') {
              const at = clock - step.hoursBack * HOUR + 5 * 60_000;
              const late: LiveEvent = {
                stream: STREAMS[0],
                kind: 'gift',
                at,
                count: 1,
                value: step.amount,
                user: user(step.amount),
                gift: { id: 'rose', name: 'Rose' },
              };
              seq += (await store.append([late])).stored.length;
              // A closed session changed: every range read so far must see it.
              for (const read of reads) await expectRange(store, read, starts);
            } else if (step.kind === 'void' && seq > 0) {
              const at = Math.max(1, seq - step.back);
              const outcome = await voidSeq(store, at, clock);
              if (outcome) seq += 1;
              for (const read of reads) await expectRange(store, read, starts);
            } else if (step.kind === 'read' && starts.length > 0) {
              // Every range read so far again: each may be kept, moved or built anew by now.
              reads.push(step);
              for (const read of reads) await expectRange(store, read, starts);
            }
          }
          await store.rebuild();
          for (const metric of METRICS) {
            await expectRange(store, { kind: 'read', metric, first: 0, last: 1, limit: 5 }, starts);
          }
        }),
        { numRuns: 12 },
      );
    }, 120_000);
  });
}

/** Voids the event `seq` when it is stored and not voided yet; whether it did. */
async function voidSeq(store: ProfileStore, seq: number, at: number): Promise<boolean> {
  const request = { target: { seq: { from: seq, to: seq } }, by: 'test', reason: 'test', dryRun: false };
  try {
    await store.voidEvents(request, at);
    return true;
  } catch (error) {
    if (error instanceof ValidationError) return false;
    throw error;
  }
}

async function expectRange(
  store: ProfileStore,
  read: Extract<Step, { kind: 'read' }>,
  starts: readonly number[],
): Promise<void> {
  const from = starts[Math.floor(read.first * (starts.length - 1))]!;
  const to = starts[Math.round(read.last * (starts.length - 1))]! + 1;
  const rows = await store.leaderboard({ metric: read.metric, scope: { from, to }, limit: read.limit });
  const got = rows.map((r) => ({ user_id: r.user_id, value: r[read.metric] }));
  expect(got).toEqual(expected(await store.dumpAggregates(), read.metric, from, to, read.limit));
}
