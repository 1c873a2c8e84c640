import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { LiveEvent, StoredEvent } from '../../../../src/core/live-event.js';
import type { VoidTarget } from '../../../../src/core/void-target.js';
import type { AggregateDump, ProfileStore, StoreEngine } from '../../../../src/store/ports.js';
import type { EngineHarness } from './profile-store.contract.js';
import { GAP, randomBatches } from './random-batches.contract.js';

type Aim = 'seq' | 'source' | 'time';

/**
 * Voids, run against each engine: after a void, every aggregate is what a profile that never
 * stored the voided events holds (sessions compared by their order, since their ids are the seqs
 * of their first events), and a rebuild from the log arrives at the same.
 */
export function runVoidContract(harness: EngineHarness): void {
  describe(`voids: ${harness.name}`, () => {
    let engine: StoreEngine;
    beforeEach(async () => {
      engine = await harness.create(GAP);
      await engine.system.createProfile({ id: 'voided', name: 'Voided' });
      await engine.system.createProfile({ id: 'never', name: 'Never stored' });
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    test('a void leaves every aggregate as if the voided events had never been stored, and rebuild agrees', async () => {
      await fc.assert(
        fc.asyncProperty(
          randomBatches().map(withUniqueIds),
          fc.constantFrom<Aim>('seq', 'source', 'time'),
          fc.nat(),
          fc.nat(),
          async (batches, aim, a, b) => {
            await engine.dropProfile('voided');
            await engine.dropProfile('never');
            const voided = await engine.openProfile('voided');
            const stored: StoredEvent[] = [];
            const seqs = new Map<LiveEvent, number | null>();
            for (const batch of batches) {
              const result = await voided.append(batch);
              stored.push(...result.stored);
              batch.forEach((e, i) => seqs.set(e, result.seqs[i] ?? null));
            }
            const target = aimAt(aim, stored, a, b);
            const hit = new Set(stored.filter((e) => matches(target, e)).map((e) => e.seq));
            const request = { target, by: 'contract', reason: 'property', dryRun: false };
            if (hit.size === 0) {
              await expect(voided.voidEvents(request, T_VOID)).rejects.toMatchObject({
                code: 'VOID_MATCHES_NOTHING',
              });
              return;
            }
            const outcome = await voided.voidEvents(request, T_VOID);
            expect(outcome.voided).toBe(hit.size);

            const never = await engine.openProfile('never');
            for (const batch of batches) {
              const kept = batch.filter((e) => {
                const seq = seqs.get(e);
                return seq != null && !hit.has(seq);
              });
              if (kept.length > 0) await never.append(kept);
            }
            const after = await voided.dumpAggregates();
            expect(comparable(after)).toEqual(comparable(await never.dumpAggregates()));
            expect(await voided.getStats()).toEqual(await never.getStats());
            await voided.rebuild();
            expect(await voided.dumpAggregates()).toEqual(after);
            await expectLogMarked(voided, hit, outcome.event!.seq);
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}

const T_VOID = Date.UTC(2026, 0, 20);

/** Source ids made unique: a voided event's repeat would otherwise be stored by the profile that never had it. */
function withUniqueIds(batches: LiveEvent[][]): LiveEvent[][] {
  let n = 0;
  return batches.map((batch) =>
    batch.map((e) => {
      n += 1;
      return e.id === undefined ? e : { ...e, id: `${e.id}-${n}` };
    }),
  );
}

/** A target of the given aim drawn from what was stored (`a`, `b` pick positions). */
function aimAt(aim: Aim, stored: readonly StoredEvent[], a: number, b: number): VoidTarget {
  const first = stored[a % stored.length]!;
  const second = stored[b % stored.length]!;
  if (aim === 'seq')
    return { seq: { from: Math.min(first.seq, second.seq), to: Math.max(first.seq, second.seq) } };
  if (aim === 'source') {
    const withId = stored.filter((e) => e.id !== undefined);
    const e = withId[a % Math.max(1, withId.length)];
    return e ? { source_id: e.id!, ...(b % 2 === 0 ? { stream: e.stream } : {}) } : { source_id: 'none' };
  }
  const [from, to] = [Math.min(first.at, second.at), Math.max(first.at, second.at) + 1];
  return { stream: first.stream, from, to };
}

/** Whether `target` names `e` (what the engines' SQL selects, restated). */
function matches(target: VoidTarget, e: StoredEvent): boolean {
  if ('seq' in target) return e.seq >= target.seq.from && e.seq <= target.seq.to;
  if ('source_id' in target) return e.id === target.source_id && (target.stream ?? e.stream) === e.stream;
  return e.stream === target.stream && e.at >= target.from && e.at < target.to;
}

/**
 * A dump without what depends on seqs: session ids become their rank (both profiles number their
 * sessions in the same order), and the seq of a viewer's or gift's latest name is left out.
 */
function comparable(dump: AggregateDump) {
  const rank = new Map(dump.sessions.map((s, i) => [s.id, i]));
  const session = (id: number) => rank.get(id) ?? -1;
  return {
    stats: dump.stats,
    sessions: dump.sessions.map((s) => ({ ...s, id: session(s.id) })),
    rollups: dump.rollups,
    viewers: dump.viewers.map(({ name_seq: _, ...v }) => v),
    sessionViewers: dump.sessionViewers.map(({ name_seq: _, ...v }) => ({
      ...v,
      session_id: session(v.session_id),
    })),
    sessionGifts: dump.sessionGifts.map(({ name_seq: _, ...g }) => ({
      ...g,
      session_id: session(g.session_id),
    })),
  };
}

async function expectLogMarked(
  store: ProfileStore,
  hit: ReadonlySet<number>,
  voidSeq: number,
): Promise<void> {
  const log = await store.listEvents(0, 10_000);
  for (const e of log) expect(e.voided_by).toBe(hit.has(e.seq) ? voidSeq : undefined);
  expect(log.at(-1)).toMatchObject({ seq: voidSeq, kind: 'void', count: hit.size });
}
