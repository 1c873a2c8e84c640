import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { StoreEngine } from '../../../../src/store/ports.js';
import type { EngineHarness } from './profile-store.contract.js';

const day = (profile: string, d: string, events: number, bytes = 0, requests = 0, clips = 0) => ({
  profile,
  day: d,
  events,
  bytes,
  requests,
  clips,
});

/** Daily usage, run against each engine. */
export function runUsageStoreContract(harness: EngineHarness): void {
  describe(`usage: ${harness.name}`, () => {
    let engine: StoreEngine;
    beforeEach(async () => {
      engine = await harness.create(60_000);
      await engine.system.createProfile({ id: 'p1', name: 'P1' });
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    test('counts add up per day, days are listed in a range, and counts of a profile that is gone are left out', async () => {
      const { usage } = engine;
      await usage.addUsage([day('p1', '2026-12-01', 5, 500, 1), day('p1', '2026-12-02', 1)]);
      await usage.addUsage([day('p1', '2026-12-01', 2, 20, 3), day('gone', '2026-12-01', 9)]);
      expect(await usage.listUsage('p1', '2026-12-01', '2026-12-31')).toEqual([
        day('p1', '2026-12-01', 7, 520, 4),
        day('p1', '2026-12-02', 1),
      ]);
      expect(await usage.listUsage('p1', '2026-12-02', '2026-12-02')).toEqual([day('p1', '2026-12-02', 1)]);
      expect(await usage.listUsage('gone', '2026-12-01', '2026-12-31')).toEqual([]);
      await engine.system.deleteProfile('p1');
      expect(await usage.listUsage('p1', '2026-12-01', '2026-12-31')).toEqual([]);
    });

    test('clips add up per day beside the other counts, and a day counted without clips has none', async () => {
      const { usage } = engine;
      await usage.addUsage([day('p1', '2026-12-01', 3, 30, 1, 2), day('p1', '2026-12-02', 1)]);
      await usage.addUsage([day('p1', '2026-12-01', 0, 0, 0, 5), day('p1', '2026-12-03', 0, 0, 0, 1)]);
      expect(await usage.listUsage('p1', '2026-12-01', '2026-12-31')).toEqual([
        day('p1', '2026-12-01', 3, 30, 1, 7),
        day('p1', '2026-12-02', 1),
        day('p1', '2026-12-03', 0, 0, 0, 1),
      ]);
    });
  });
}
