import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { SessionViewerTotals } from '../../../../src/core/aggregates.js';
import type { ProfileStore, SessionSummary, StoreEngine } from '../../../../src/store/ports.js';
import { ev, T0, user } from '../../../support/events.js';
import type { EngineHarness } from './profile-store.contract.js';
import { GAP } from './random-batches.contract.js';

const HOUR = 3_600_000;

/** Every page of `read`, each starting after the last row of the one before. */
async function allPages<T>(read: (after: T | undefined) => Promise<T[]>, limit: number): Promise<T[]> {
  const rows: T[] = [];
  for (let page = await read(undefined); page.length > 0; page = await read(page.at(-1))) {
    expect(page.length).toBeLessThanOrEqual(limit);
    rows.push(...page);
    if (page.length < limit) break;
  }
  return rows;
}

/** The paged reads an export walks a range with: sessions started in it, and each one's viewers. */
export function runExportReadsContract(harness: EngineHarness): void {
  describe(`export reads contract: ${harness.name}`, () => {
    let engine: StoreEngine;
    let store: ProfileStore;

    beforeEach(async () => {
      engine = await harness.create(GAP);
      await engine.system.createProfile({ id: 'p1', name: 'P1' });
      store = await engine.openProfile('p1');
      // Five sessions an hour apart on two streams; two start at the same moment.
      await store.append([
        ev({ kind: 'like', at: T0, user: user(1) }),
        ev({ kind: 'like', at: T0, stream: 'twitch-b', user: user(2) }),
        ev({ kind: 'like', at: T0 + 2 * HOUR, user: user(3) }),
        ev({ kind: 'like', at: T0 + 4 * HOUR, user: user(4) }),
        ev({ kind: 'like', at: T0 + 6 * HOUR, stream: 'twitch-b', user: user(5) }),
      ]);
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    const started = (from: number, to: number, limit: number) =>
      allPages<SessionSummary>(
        (after) =>
          store.listStartedSessions({
            from,
            to,
            limit,
            ...(after ? { after: { started_at: after.started_at, id: after.id } } : {}),
          }),
        limit,
      );

    test('pages through the sessions started in a range, oldest first, ties included once', async () => {
      const all = await started(T0, T0 + 7 * HOUR, 1);
      expect(all.map((s) => s.started_at)).toEqual([T0, T0, T0 + 2 * HOUR, T0 + 4 * HOUR, T0 + 6 * HOUR]);
      expect(new Set(all.map((s) => s.id)).size).toBe(5);
      expect(all[0]!.id).toBeLessThan(all[1]!.id);
      expect(await started(T0, T0 + 7 * HOUR, 2)).toEqual(all);
      // The same summaries as the session list gives.
      const listed = await store.listSessions({ limit: 10 });
      expect([...listed].reverse()).toEqual(all);
    });

    test('a range holds the sessions that started in it: from included, to excluded', async () => {
      const some = await started(T0 + 2 * HOUR, T0 + 6 * HOUR, 10);
      expect(some.map((s) => s.started_at)).toEqual([T0 + 2 * HOUR, T0 + 4 * HOUR]);
      expect(await started(T0 + 7 * HOUR, T0 + 9 * HOUR, 10)).toEqual([]);
    });

    test("pages through one session's viewers by user id, with what each did", async () => {
      const events = [];
      for (let n = 10; n < 35; n += 1) {
        events.push(ev({ kind: 'gift', at: T0 + 8 * HOUR + n, user: user(n), count: n, value: n * 10 }));
        events.push(ev({ kind: 'chat', at: T0 + 8 * HOUR + n, user: user(n), text: 'hi' }));
      }
      await store.append(events);
      const [session] = await started(T0 + 8 * HOUR, T0 + 9 * HOUR, 10);
      const viewers = await allPages<SessionViewerTotals>(
        (after) => store.listSessionViewers({ session: session!.id, limit: 7, after: after?.user_id }),
        7,
      );
      expect(viewers.map((v) => v.user_id).sort()).toEqual(
        events
          .filter((_, i) => i % 2 === 0)
          .map((e) => e.user!.id)
          .sort(),
      );
      const ids = viewers.map((v) => v.user_id);
      // Each page continues the one before: the order holds across pages.
      expect(await store.listSessionViewers({ session: session!.id, limit: 100 })).toEqual(viewers);
      expect(new Set(ids).size).toBe(25);
      const u20 = viewers.find((v) => v.user_id === 'u20')!;
      expect(u20).toMatchObject({ session_id: session!.id, gifts: 20, coins: 200, comments: 1, events: 2 });
      expect(u20.name).toBe('user20');
      expect(await store.listSessionViewers({ session: 999_999, limit: 10 })).toEqual([]);
    });
  });
}
