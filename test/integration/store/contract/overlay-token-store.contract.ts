import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { OverlayToken, OverlayTokenSecret, StoreEngine } from '../../../../src/store/ports.js';
import type { EngineHarness } from './profile-store.contract.js';

const T = Date.UTC(2026, 11, 1);

const token = (id: string, over: Partial<OverlayToken> = {}): OverlayToken & OverlayTokenSecret => ({
  id,
  profile: 'p1',
  name: `token ${id}`,
  overlay: null,
  hint: id.slice(-4),
  created_at: T,
  last_used_at: null,
  hash: `hash-${id}`,
  ...over,
});

const listed = ({ hash: _hash, ...rest }: OverlayToken & OverlayTokenSecret): OverlayToken => rest;

/** The profiles' overlay tokens, run against each engine. */
export function runOverlayTokenStoreContract(harness: EngineHarness): void {
  describe(`overlay tokens: ${harness.name}`, () => {
    let engine: StoreEngine;
    beforeEach(async () => {
      engine = await harness.create(60_000);
      await engine.system.createProfile({ id: 'p1', name: 'P1' });
      await engine.system.createProfile({ id: 'p2', name: 'P2' });
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    test('tokens keep their overlay kind; are found by hash, listed per profile oldest first, touched and deleted', async () => {
      const { overlayTokens: tokens } = engine;
      await tokens.createOverlayToken(token('t2', { overlay: 'goal', created_at: T + 1 }));
      await tokens.createOverlayToken(token('t1'));
      await tokens.createOverlayToken(token('t3', { profile: 'p2', overlay: 'counters' }));
      expect(await tokens.findOverlayToken('hash-t2')).toEqual(
        listed(token('t2', { overlay: 'goal', created_at: T + 1 })),
      );
      expect(await tokens.findOverlayToken('hash-none')).toBeNull();
      expect((await tokens.listOverlayTokens('p1')).map((t) => [t.id, t.overlay])).toEqual([
        ['t1', null],
        ['t2', 'goal'],
      ]);
      await tokens.touchOverlayToken('p1', 't1', T + 5000);
      await tokens.touchOverlayToken('p1', 't1', T + 10);
      expect((await tokens.findOverlayToken('hash-t1'))?.last_used_at).toBe(T + 5000);
      expect(await tokens.deleteOverlayToken('p2', 't1')).toBe(false);
      expect(await tokens.deleteOverlayToken('p1', 't1')).toBe(true);
      expect(await tokens.findOverlayToken('hash-t1')).toBeNull();
      expect((await tokens.listOverlayTokens('p1')).map((t) => t.id)).toEqual(['t2']);
    });

    test('a new secret replaces the old one and clears the last use; the id, name and kind stay', async () => {
      const { overlayTokens: tokens } = engine;
      await tokens.createOverlayToken(token('t1', { overlay: 'events', last_used_at: T + 60_000 }));
      const replaced = await tokens.replaceOverlayTokenSecret('p1', 't1', { hash: 'hash-new', hint: 'wxyz' });
      const expected = { ...listed(token('t1', { overlay: 'events' })), hint: 'wxyz', last_used_at: null };
      expect(replaced).toEqual(expected);
      expect(await tokens.findOverlayToken('hash-t1')).toBeNull();
      expect(await tokens.findOverlayToken('hash-new')).toEqual(expected);
      expect(await tokens.replaceOverlayTokenSecret('p2', 't1', { hash: 'hash-x', hint: 'x' })).toBeNull();
      expect(await tokens.replaceOverlayTokenSecret('p1', 'nope', { hash: 'hash-x', hint: 'x' })).toBeNull();
    });

    test('a token needs its profile, and goes with it', async () => {
      const { overlayTokens: tokens, system } = engine;
      await expect(tokens.createOverlayToken(token('t1', { profile: 'nope' }))).rejects.toMatchObject({
        code: 'PROFILE_NOT_FOUND',
      });
      await tokens.createOverlayToken(token('t1'));
      await tokens.createOverlayToken(token('t2', { profile: 'p2' }));
      await system.deleteProfile('p1');
      expect(await tokens.findOverlayToken('hash-t1')).toBeNull();
      expect(await tokens.listOverlayTokens('p1')).toEqual([]);
      expect(await tokens.findOverlayToken('hash-t2')).not.toBeNull();
    });
  });
}
