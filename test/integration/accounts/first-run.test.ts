import { afterEach, beforeEach, expect, test } from 'vitest';
import { AccountService } from '../../../src/accounts/account.service.js';
import { FirstRunService, SETUP_LINK_TTL_MS } from '../../../src/accounts/first-run.service.js';
import { PasswordHasher } from '../../../src/accounts/password-hasher.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let engine: SqliteEngine;
let now = Date.UTC(2026, 11, 1);
let firstRun: FirstRunService;

beforeEach(() => {
  temp = makeTempDir();
  engine = new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: 60_000 });
  const accounts = new AccountService(
    engine.accounts,
    new PasswordHasher(),
    { maxAgeMs: 1e9, idleMs: 1e8 },
    () => now,
  );
  firstRun = new FirstRunService(accounts, () => now);
});
afterEach(async () => {
  await engine.close();
  temp.remove();
});

const owner = (token: string) => ({
  token,
  name: 'owner',
  password: 'a long enough password',
  isLoopback: true,
});

test('the setup link expires, and a new start makes a new one that replaces it', async () => {
  const first = (await firstRun.begin())!;
  expect(first.expiresAt).toBe(now + SETUP_LINK_TTL_MS);
  now += SETUP_LINK_TTL_MS;
  await expect(firstRun.createOwner(owner(first.token))).rejects.toMatchObject({
    code: 'SETUP_TOKEN_INVALID',
  });
  const second = (await firstRun.begin())!;
  expect(second.token).not.toBe(first.token);
  await expect(firstRun.createOwner(owner(first.token))).rejects.toMatchObject({
    code: 'SETUP_TOKEN_INVALID',
  });
  expect((await firstRun.createOwner(owner(second.token))).is_admin).toBe(true);
  expect(await firstRun.begin()).toBeNull();
});

test('two owners cannot be made with one link at once', async () => {
  const { token } = (await firstRun.begin())!;
  const results = await Promise.allSettled([
    firstRun.createOwner(owner(token)),
    firstRun.createOwner({ ...owner(token), name: 'other' }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  expect(await engine.accounts.countUsers()).toBe(1);
});
