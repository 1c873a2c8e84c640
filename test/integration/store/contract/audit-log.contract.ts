import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { AuditEntry, StoreEngine } from '../../../../src/store/ports.js';
import type { EngineHarness } from './profile-store.contract.js';

const T = Date.UTC(2026, 11, 1);

const entry = (n: number, profile: string | null): Omit<AuditEntry, 'id'> => ({
  at: T + n,
  actor: { kind: 'user', id: 'u1', name: 'alice' },
  address: '10.0.0.1',
  profile,
  action: `change ${n}`,
  details: { params: { profile }, body: { name: `n${n}`, nested: { ok: true } } },
  status: 201,
});

/** The audit trail, run against each engine. */
export function runAuditLogContract(harness: EngineHarness): void {
  describe(`audit log: ${harness.name}`, () => {
    let engine: StoreEngine;
    beforeEach(async () => {
      engine = await harness.create(60_000);
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    test('entries come back newest first, as written, per profile or all, paged by id', async () => {
      const { audit } = engine;
      for (let n = 1; n <= 5; n++) await audit.appendAudit(entry(n, n % 2 === 0 ? 'p2' : 'p1'));
      await audit.appendAudit({
        ...entry(6, null),
        actor: { kind: 'cli', id: null, name: null },
        address: 'cli',
      });
      const all = await audit.listAudit({ limit: 10 });
      expect(all.map((e) => e.action)).toEqual([
        'change 6',
        'change 5',
        'change 4',
        'change 3',
        'change 2',
        'change 1',
      ]);
      expect(all[5]).toEqual({ id: all[5]!.id, ...entry(1, 'p1') });
      expect(all[0]).toMatchObject({ actor: { kind: 'cli', id: null, name: null }, profile: null });
      expect((await audit.listAudit({ profile: 'p2', limit: 10 })).map((e) => e.action)).toEqual([
        'change 4',
        'change 2',
      ]);
      const page = await audit.listAudit({ limit: 2, before: all[1]!.id });
      expect(page.map((e) => e.action)).toEqual(['change 4', 'change 3']);
    });
  });
}
