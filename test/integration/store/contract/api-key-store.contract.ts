import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ApiKey, StoreEngine } from '../../../../src/store/ports.js';
import type { EngineHarness } from './profile-store.contract.js';

const T = Date.UTC(2026, 11, 1);

const key = (id: string, over: Partial<ApiKey> = {}): ApiKey & { hash: string } => ({
  id,
  profile: 'p1',
  name: `key ${id}`,
  hint: id.slice(-4),
  scopes: ['ingest'],
  stream: null,
  expires_at: null,
  last_used_at: null,
  created_at: T,
  hash: `hash-${id}`,
  ...over,
});

/** The profiles' API keys, run against each engine. */
export function runApiKeyStoreContract(harness: EngineHarness): void {
  describe(`API keys: ${harness.name}`, () => {
    let engine: StoreEngine;
    beforeEach(async () => {
      engine = await harness.create(60_000);
      await engine.system.createProfile({ id: 'p1', name: 'P1' });
      await engine.system.createProfile({ id: 'p2', name: 'P2' });
      await engine.system.createStream('p1', { id: 'tt', platform: 'tiktok', channel: '@x', enabled: false });
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    test('keys keep their scopes, stream and expiry; are found by hash, listed per profile, touched and deleted', async () => {
      const { keys } = engine;
      await keys.createApiKey(key('k1', { scopes: ['ingest', 'manage', 'read'], expires_at: T + 1000 }));
      await keys.createApiKey(key('k2', { stream: 'tt', created_at: T + 1 }));
      await keys.createApiKey(key('k3', { profile: 'p2' }));
      expect(await keys.findApiKey('hash-k1')).toEqual({
        ...key('k1', { scopes: ['ingest', 'manage', 'read'], expires_at: T + 1000 }),
        hash: undefined,
      });
      expect(await keys.findApiKey('hash-none')).toBeNull();
      expect((await keys.listApiKeys('p1')).map((k) => [k.id, k.stream])).toEqual([
        ['k1', null],
        ['k2', 'tt'],
      ]);
      await keys.touchApiKey('p1', 'k2', T + 5000);
      await keys.touchApiKey('p1', 'k2', T + 10);
      expect((await keys.findApiKey('hash-k2'))?.last_used_at).toBe(T + 5000);
      expect(await keys.deleteApiKey('p2', 'k1')).toBe(false);
      expect(await keys.deleteApiKey('p1', 'k1')).toBe(true);
      expect((await keys.listApiKeys('p1')).map((k) => k.id)).toEqual(['k2']);
    });

    test('a key needs its profile and stream, and goes with either', async () => {
      const { keys, system } = engine;
      await expect(keys.createApiKey(key('k1', { profile: 'nope' }))).rejects.toMatchObject({
        code: 'PROFILE_NOT_FOUND',
      });
      await expect(keys.createApiKey(key('k1', { stream: 'nope' }))).rejects.toMatchObject({
        code: 'STREAM_NOT_FOUND',
      });
      await keys.createApiKey(key('bound', { stream: 'tt' }));
      await keys.createApiKey(key('free'));
      await system.deleteStream('p1', 'tt');
      expect((await keys.listApiKeys('p1')).map((k) => k.id)).toEqual(['free']);
      await system.deleteProfile('p1');
      expect(await keys.findApiKey('hash-free')).toBeNull();
    });
  });
}
