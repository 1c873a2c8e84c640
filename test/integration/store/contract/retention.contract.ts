import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { LiveEvent, StoredEvent } from '../../../../src/core/live-event.js';
import type { ProfileStore, RetentionRange, StoreEngine } from '../../../../src/store/ports.js';
import { ev, T0 } from '../../../support/events.js';
import type { EngineHarness } from './profile-store.contract.js';
import { GAP, randomBatches } from './random-batches.contract.js';

/**
 * Retention's store side, small steps at a time: the events of a range folded into the aggregates
 * snapshot, then deleted in slices. (The archive is the retention service's part.)
 */
async function retain(store: ProfileStore, range: RetentionRange, at: number): Promise<number> {
  const run = await store.beginRetentionRun({
    started_at: at,
    cutoff: at,
    ...range,
    archive: `events-${range.from_seq}-${range.to_seq}.ndjson.gz`,
    archive_bytes: 1,
    archive_sha256: '0'.repeat(64),
  });
  // Nothing is deleted before the snapshot covers the whole run.
  expect(await store.deleteRetainedSlice(run.id, 3, at)).toBe(0);
  while ((await store.advanceSnapshot(range.to_seq, 7)) < range.to_seq);
  let deleted = 0;
  for (let slice = await store.deleteRetainedSlice(run.id, 5, at); slice > 0;) {
    deleted += slice;
    slice = await store.deleteRetainedSlice(run.id, 5, at);
  }
  return deleted;
}

/** Fresh source ids for what arrives after a run: retention keeps no ids of deleted events. */
const renamed = (batches: LiveEvent[][], tag: string) =>
  batches.map((b) => b.map((e) => (e.id === undefined ? e : { ...e, id: `${tag}${e.id}` })));

/**
 * Retention, run against each engine: the oldest events leave the log, every aggregate stays what
 * it was, and rebuilding (from the snapshot taken at the boundary, then the rest of the log) still
 * gives what a profile that never deleted anything holds, before and after later events.
 */
export function runRetentionContract(harness: EngineHarness): void {
  describe(`retention: ${harness.name}`, () => {
    let engine: StoreEngine;
    beforeEach(async () => {
      engine = await harness.create(GAP);
      await engine.system.createProfile({ id: 'kept', name: 'Kept' });
      await engine.system.createProfile({ id: 'whole', name: 'Whole' });
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    test('after retention, the aggregates and a rebuild from the snapshot equal those of the whole log, before and after later events', async () => {
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(
          randomBatches(),
          randomBatches(),
          randomBatches(),
          fc.nat(),
          fc.nat(),
          async (before, between, after, cutA, cutB) => {
            await engine.dropProfile('kept');
            await engine.dropProfile('whole');
            let kept = await engine.openProfile('kept');
            const whole = await engine.openProfile('whole');
            const stored: StoredEvent[] = [];
            for (const batch of before) {
              stored.push(...(await kept.append(batch)).stored);
              await whole.append(batch);
            }
            // A cutoff at some stored event's time: the run removes the events before the first one at or after it.
            const cutoff = stored[cutA % stored.length]!.at;
            const range = await kept.retentionRange(cutoff);
            const firstYoung = stored.findIndex((e) => e.at >= cutoff);
            const expectedTo = Math.min(firstYoung < 0 ? stored.length - 1 : firstYoung, stored.length - 1);
            if (expectedTo === 0) {
              expect(range).toBeNull();
              return;
            }
            expect(range).toEqual({
              from_seq: stored[0]!.seq,
              to_seq: stored[expectedTo - 1]!.seq,
              events: expectedTo,
            });
            expect(await kept.listEventsForArchive(0, range!.to_seq, 1_000)).toEqual(
              stored.slice(0, expectedTo),
            );

            const incremental = await kept.dumpAggregates();
            expect(await retain(kept, range!, T0)).toBe(range!.events);
            expect(await kept.snapshotSeq()).toBe(range!.to_seq);
            const left = await kept.listEvents(0, 10_000);
            expect(left.map((e) => e.seq)).toEqual(stored.slice(expectedTo).map((e) => e.seq));
            expect(await kept.dumpAggregates()).toEqual(incremental);
            const state = kept.currentState();
            await kept.rebuild();
            expect(await kept.dumpAggregates()).toEqual(incremental);
            expect(kept.currentState()).toEqual(state);

            // Later events, a second run, a reopen now and then: still the whole log's aggregates.
            for (const batch of renamed(between, 'b')) {
              await kept.append(batch);
              await whole.append(batch);
            }
            const last = await kept.listEvents(0, 10_000);
            const second = await kept.retentionRange(last[cutB % last.length]!.at + 1);
            if (second) await retain(kept, second, T0 + 1);
            for (const batch of renamed(after, 'a')) {
              await kept.append(batch);
              await whole.append(batch);
            }
            if ((runs += 1) % 5 === 0) {
              await engine.close();
              engine = await harness.reopen(GAP);
              kept = await engine.openProfile('kept');
            }
            const expected = await (await engine.openProfile('whole')).dumpAggregates();
            expect(await kept.dumpAggregates()).toEqual(expected);
            await kept.rebuild();
            expect(await kept.dumpAggregates()).toEqual(expected);
            expect(await kept.getStats()).toEqual(await (await engine.openProfile('whole')).getStats());
          },
        ),
        { numRuns: 15 },
      );
    }, 120_000);

    test('each run is recorded with its range, count and archive; a void reaches only the events kept', async () => {
      const kept = await engine.openProfile('kept');
      const events = Array.from({ length: 30 }, (_, i) =>
        ev({ kind: 'like', count: 1, at: T0 + i * 60_000, id: `l${i}` }),
      );
      await kept.append(events);
      const range = await kept.retentionRange(T0 + 10 * 60_000);
      expect(range).toEqual({ from_seq: 1, to_seq: 10, events: 10 });
      await retain(kept, range!, T0 + 99);
      const [run] = await kept.listRetentionRuns(10);
      expect(run).toMatchObject({
        from_seq: 1,
        to_seq: 10,
        events: 10,
        deleted: 10,
        status: 'deleted',
        finished_at: T0 + 99,
        archive: 'events-1-10.ndjson.gz',
      });
      expect((await kept.getStats()).combined.likes).toBe(30);
      const outcome = await kept.voidEvents(
        { target: { seq: { from: 1, to: 20 } }, by: 'test', reason: 'spam', dryRun: false },
        T0 + 100,
      );
      // Events 1-10 are archived and gone: they stay counted; 11-20 are taken back.
      expect(outcome.voided).toBe(10);
      expect((await kept.getStats()).combined.likes).toBe(20);
      const dump = await kept.dumpAggregates();
      await kept.rebuild();
      expect(await kept.dumpAggregates()).toEqual(dump);
    });

    test('a void between the snapshot step and the deletion leaves the events folded into the snapshot alone', async () => {
      const kept = await engine.openProfile('kept');
      await kept.append(
        Array.from({ length: 30 }, (_, i) =>
          ev({ kind: 'like', count: 1, at: T0 + i * 60_000, id: `l${i}` }),
        ),
      );
      const range = (await kept.retentionRange(T0 + 10 * 60_000))!;
      const run = await kept.beginRetentionRun({
        started_at: T0,
        cutoff: T0,
        ...range,
        archive: 'events-1-10.ndjson.gz',
        archive_bytes: 1,
        archive_sha256: '0'.repeat(64),
      });
      expect(await kept.advanceSnapshot(range.to_seq, 100)).toBe(10);
      const request = { target: { seq: { from: 1, to: 20 } }, by: 'test', reason: 'spam', dryRun: false };
      expect((await kept.voidEvents({ ...request, dryRun: true }, T0 + 100)).voided).toBe(10);
      expect((await kept.voidEvents(request, T0 + 100)).voided).toBe(10);
      expect((await kept.getStats()).combined.likes).toBe(20);
      while ((await kept.deleteRetainedSlice(run.id, 4, T0 + 200)) > 0);
      const dump = await kept.dumpAggregates();
      await kept.rebuild();
      expect(await kept.dumpAggregates()).toEqual(dump);
      expect((await kept.getStats()).combined.likes).toBe(20);
    });
  });
}
