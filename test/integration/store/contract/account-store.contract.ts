import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { StoreEngine, UserRecord } from '../../../../src/store/ports.js';
import type { EngineHarness } from './profile-store.contract.js';

const T = Date.UTC(2026, 11, 1);

const record = (id: string, name: string, over: Partial<UserRecord> = {}): UserRecord => ({
  id,
  name,
  password_hash: `$argon2id$v=19$m=19456,p=1,t=2$${id}`,
  is_admin: false,
  disabled: false,
  created_at: T,
  ...over,
});

const session = (id: string, userId: string, at: number) => ({
  id,
  user_id: userId,
  token_hash: `hash-${id}`,
  created_at: at,
  last_used_at: at,
  expires_at: at + 30 * 86_400_000,
  device: 'Firefox on Linux',
  address: '127.0.0.1',
});

/** Users, login sessions and roles, run against each engine. */
export function runAccountStoreContract(harness: EngineHarness): void {
  describe(`accounts: ${harness.name}`, () => {
    let engine: StoreEngine;
    beforeEach(async () => {
      engine = await harness.create(60_000);
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    test('a user is found by name whatever its case, and a second user of the same name is refused', async () => {
      const { accounts } = engine;
      expect(await accounts.countUsers()).toBe(0);
      const user = await accounts.createUser(record('u1', 'Alice', { is_admin: true }));
      expect(user).toEqual({ id: 'u1', name: 'Alice', is_admin: true, disabled: false, created_at: T });
      expect(user).not.toHaveProperty('password_hash');
      expect((await accounts.findUserByName('alice'))?.password_hash).toBe(
        record('u1', 'Alice').password_hash,
      );
      await expect(accounts.createUser(record('u2', 'ALICE'))).rejects.toMatchObject({ code: 'USER_EXISTS' });
      expect(await accounts.countUsers()).toBe(1);
      expect(await accounts.listUsers()).toEqual([user]);
      expect(await accounts.findUserByName('bob')).toBeNull();
    });

    test('a user can be disabled, given a new password hash and made admin; an unknown one is not found', async () => {
      const { accounts } = engine;
      await accounts.createUser(record('u1', 'alice'));
      const updated = await accounts.updateUser('u1', {
        disabled: true,
        password_hash: 'new',
        is_admin: true,
      });
      expect(updated).toMatchObject({ disabled: true, is_admin: true });
      expect(await accounts.getUser('u1')).toMatchObject({ disabled: true, password_hash: 'new' });
      await expect(accounts.updateUser('nobody', { disabled: true })).rejects.toMatchObject({
        code: 'USER_NOT_FOUND',
      });
    });

    test('sessions are found by token hash, listed most recent first, touched, revoked one by one or all but one', async () => {
      const { accounts } = engine;
      await accounts.createUser(record('u1', 'alice'));
      await accounts.createUser(record('u2', 'bob'));
      await accounts.createSession(session('s1', 'u1', T));
      await accounts.createSession(session('s2', 'u1', T + 1000));
      await accounts.createSession(session('s3', 'u1', T + 2000));
      await accounts.createSession(session('b1', 'u2', T));
      expect((await accounts.findSession('hash-s2'))?.id).toBe('s2');
      expect(await accounts.findSession('hash-nope')).toBeNull();
      await accounts.touchSession('s1', T + 5000);
      // A late touch never moves the last use back.
      await accounts.touchSession('s1', T + 10);
      expect((await accounts.listSessions('u1')).map((s) => [s.id, s.last_used_at])).toEqual([
        ['s1', T + 5000],
        ['s3', T + 2000],
        ['s2', T + 1000],
      ]);
      expect(await accounts.deleteSession('u2', 's1')).toBe(false);
      expect(await accounts.deleteSession('u1', 's2')).toBe(true);
      expect(await accounts.deleteSessions('u1', 's3')).toBe(1);
      expect((await accounts.listSessions('u1')).map((s) => s.id)).toEqual(['s3']);
      expect(await accounts.deleteSessions('u1', null)).toBe(1);
      expect(await accounts.listSessions('u1')).toEqual([]);
      expect((await accounts.listSessions('u2')).map((s) => s.id)).toEqual(['b1']);
    });

    test('expired sessions go: past their absolute end, or unused for the idle time', async () => {
      const { accounts } = engine;
      await accounts.createUser(record('u1', 'alice'));
      await accounts.createSession({ ...session('old', 'u1', T), expires_at: T + 100 });
      await accounts.createSession(session('idle', 'u1', T));
      await accounts.createSession(session('fresh', 'u1', T + 3_600_000));
      expect(await accounts.deleteExpiredSessions(T + 3_600_000, 3_000_000)).toBe(2);
      expect((await accounts.listSessions('u1')).map((s) => s.id)).toEqual(['fresh']);
    });

    test('roles per profile are given, changed and taken away, and go with the user or the profile', async () => {
      const { accounts, system } = engine;
      await system.createProfile({ id: 'p1', name: 'P1' });
      await system.createProfile({ id: 'p2', name: 'P2' });
      await accounts.createUser(record('u1', 'alice'));
      await accounts.createUser(record('u2', 'bob'));
      await accounts.setRole('u1', 'p1', 'owner');
      await accounts.setRole('u1', 'p2', 'viewer');
      await accounts.setRole('u2', 'p1', 'viewer');
      await accounts.setRole('u2', 'p1', 'editor');
      expect(await accounts.listMemberships('u1')).toEqual([
        { user_id: 'u1', profile: 'p1', role: 'owner' },
        { user_id: 'u1', profile: 'p2', role: 'viewer' },
      ]);
      expect(await accounts.listMembers('p1')).toEqual([
        { user_id: 'u1', profile: 'p1', role: 'owner' },
        { user_id: 'u2', profile: 'p1', role: 'editor' },
      ]);
      await accounts.setRole('u1', 'p2', null);
      expect((await accounts.listMemberships('u1')).map((m) => m.profile)).toEqual(['p1']);
      await expect(accounts.setRole('u1', 'nope', 'viewer')).rejects.toMatchObject({
        code: 'PROFILE_NOT_FOUND',
      });
      await expect(accounts.setRole('nobody', 'p1', 'viewer')).rejects.toMatchObject({
        code: 'USER_NOT_FOUND',
      });
      await system.deleteProfile('p1');
      expect(await accounts.listMemberships('u1')).toEqual([]);
      expect(await accounts.listMemberships('u2')).toEqual([]);
    });
  });
}
