import { afterEach, beforeEach, expect, test } from 'vitest';
import { AccountService } from '../../../src/accounts/account.service.js';
import {
  OWASP_ARGON2ID,
  PasswordHasher,
  type Argon2Parameters,
} from '../../../src/accounts/password-hasher.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { makeTempDir } from '../../support/temp-dir.js';

const DAY = 86_400_000;
const LIMITS = { maxAgeMs: 30 * DAY, idleMs: 7 * DAY };
const CLIENT = { device: 'Firefox on Linux', address: '127.0.0.1' };
const PASSWORD = 'correct horse battery';

/** Counts the argon2 checks it makes (each costs the same: 19 MiB, 2 passes). */
class CountingHasher extends PasswordHasher {
  checks = 0;
  override verify(hash: string, password: string) {
    this.checks++;
    return super.verify(hash, password);
  }
  override verifyNothing(password: string) {
    this.checks++;
    return super.verifyNothing(password);
  }
}

let temp: ReturnType<typeof makeTempDir>;
let engine: SqliteEngine;
let now: number;
const service = (hasher: PasswordHasher = new PasswordHasher()) =>
  new AccountService(engine.accounts, hasher, LIMITS, () => now);

beforeEach(() => {
  temp = makeTempDir();
  engine = new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: 60_000 });
  now = Date.UTC(2026, 11, 1);
});
afterEach(async () => {
  await engine.close();
  temp.remove();
});

test('a login gives a token that authenticates its user until logout; the password is stored as argon2id', async () => {
  const accounts = service();
  expect(await accounts.hasUsers()).toBe(false);
  await accounts.createUser({ name: 'alice', password: PASSWORD, isAdmin: true });
  expect(await accounts.hasUsers()).toBe(true);
  expect((await engine.accounts.findUserByName('alice'))?.password_hash).toMatch(
    /^\$argon2id\$v=19\$m=19456,p=1,t=2\$/,
  );
  const { token, user, session } = await accounts.login('Alice', PASSWORD, CLIENT);
  expect(token).toMatch(/^sps_[\w-]{43}$/);
  expect(user).toEqual({ id: user.id, name: 'alice', is_admin: true, disabled: false, created_at: now });
  expect(session).toMatchObject({ device: CLIENT.device, address: '127.0.0.1', expires_at: now + 30 * DAY });
  expect((await accounts.authenticate(token))?.user.name).toBe('alice');
  // Only its hash is stored.
  expect(await engine.accounts.findSession(token)).toBeNull();
  await accounts.logout(token);
  expect(await accounts.authenticate(token)).toBeNull();
});

test('a wrong password and an unknown name fail alike, each after one password check', async () => {
  const hasher = new CountingHasher();
  const accounts = service(hasher);
  await accounts.createUser({ name: 'alice', password: PASSWORD });
  hasher.checks = 0;
  const wrong = await accounts.login('alice', 'not the password', CLIENT).catch((e: unknown) => e);
  const unknown = await accounts.login('mallory', PASSWORD, CLIENT).catch((e: unknown) => e);
  expect(wrong).toMatchObject({ code: 'LOGIN_FAILED', message: 'the name or the password is wrong' });
  expect(unknown).toMatchObject({ code: 'LOGIN_FAILED', message: 'the name or the password is wrong' });
  expect(hasher.checks).toBe(2);
});

test('a hash made with older parameters is replaced at the next login', async () => {
  const weak: Argon2Parameters = { ...OWASP_ARGON2ID, memoryCost: 8192 };
  await service(new PasswordHasher(weak)).createUser({ name: 'alice', password: PASSWORD });
  expect((await engine.accounts.findUserByName('alice'))?.password_hash).toContain('m=8192,');
  await service().login('alice', PASSWORD, CLIENT);
  expect((await engine.accounts.findUserByName('alice'))?.password_hash).toContain('m=19456,');
});

test('a login ends after its absolute limit, or after the idle limit without use', async () => {
  const accounts = service();
  await accounts.createUser({ name: 'alice', password: PASSWORD });
  const used = await accounts.login('alice', PASSWORD, CLIENT);
  const idle = await accounts.login('alice', PASSWORD, CLIENT);
  // Used every 6 days: alive past the idle limit, until its absolute end.
  for (let day = 6; day < 30; day += 6) {
    now += 6 * DAY;
    expect(await accounts.authenticate(used.token)).not.toBeNull();
  }
  expect(await accounts.authenticate(idle.token)).toBeNull();
  now = used.session.expires_at;
  expect(await accounts.authenticate(used.token)).toBeNull();
  expect(await accounts.removeExpiredSessions()).toBe(2);
});

test('changing the password needs the current one and ends every other login', async () => {
  const accounts = service();
  const alice = await accounts.createUser({ name: 'alice', password: PASSWORD });
  const here = await accounts.login('alice', PASSWORD, CLIENT);
  const phone = await accounts.login('alice', PASSWORD, { device: 'Safari on iPhone', address: '10.0.0.7' });
  expect((await accounts.listSessions(alice.id)).map((s) => s.device).sort()).toEqual([
    'Firefox on Linux',
    'Safari on iPhone',
  ]);
  await expect(
    accounts.changePassword(alice.id, 'wrong password!', 'a new long password', here.session.id),
  ).rejects.toMatchObject({
    code: 'PASSWORD_WRONG',
  });
  await expect(accounts.changePassword(alice.id, PASSWORD, 'short', here.session.id)).rejects.toMatchObject({
    code: 'VALIDATION_FAILED',
    details: [{ field: 'new_password', message: 'must be 12-256 characters long' }],
  });
  await accounts.changePassword(alice.id, PASSWORD, 'a new long password', here.session.id);
  expect(await accounts.authenticate(here.token)).not.toBeNull();
  expect(await accounts.authenticate(phone.token)).toBeNull();
  await expect(accounts.login('alice', PASSWORD, CLIENT)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
  expect((await accounts.login('alice', 'a new long password', CLIENT)).user.name).toBe('alice');
});

test('a session is revoked by its id, only by its own user', async () => {
  const accounts = service();
  const alice = await accounts.createUser({ name: 'alice', password: PASSWORD });
  const bob = await accounts.createUser({ name: 'bob', password: PASSWORD });
  const login = await accounts.login('alice', PASSWORD, CLIENT);
  await expect(accounts.revokeSession(bob.id, login.session.id)).rejects.toMatchObject({
    code: 'LOGIN_SESSION_NOT_FOUND',
  });
  await accounts.revokeSession(alice.id, login.session.id);
  expect(await accounts.authenticate(login.token)).toBeNull();
});

test('a disabled user cannot log in and their logins end; a reset password ends every login', async () => {
  const accounts = service();
  await accounts.createUser({ name: 'alice', password: PASSWORD });
  const login = await accounts.login('alice', PASSWORD, CLIENT);
  await accounts.setDisabled('alice', true);
  expect(await accounts.authenticate(login.token)).toBeNull();
  await expect(accounts.login('alice', PASSWORD, CLIENT)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
  await accounts.setDisabled('alice', false);
  const again = await accounts.login('alice', PASSWORD, CLIENT);
  await accounts.resetPassword('ALICE', 'another long password');
  expect(await accounts.authenticate(again.token)).toBeNull();
  await expect(accounts.resetPassword('nobody', 'another long password')).rejects.toMatchObject({
    code: 'USER_NOT_FOUND',
  });
});

test('names and passwords are checked, naming the field', async () => {
  const accounts = service();
  await expect(accounts.createUser({ name: 'al ice', password: PASSWORD })).rejects.toMatchObject({
    details: [{ field: 'name', message: 'must not contain spaces' }],
  });
  await expect(accounts.createUser({ name: 'alice', password: 'x'.repeat(257) })).rejects.toMatchObject({
    details: [{ field: 'password', message: 'must be 12-256 characters long' }],
  });
  await accounts.createUser({ name: 'alice', password: PASSWORD });
  await expect(accounts.createUser({ name: 'ALICE', password: PASSWORD })).rejects.toMatchObject({
    code: 'USER_EXISTS',
  });
});
