import { spawnSync } from 'node:child_process';
import { afterAll, expect, test } from 'vitest';
import { createServices } from '../../../src/main.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createTestDatabase } from '../../support/postgres.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { cliArgs } from '../../support/cli-entry.js';

// Each test runs a dozen CLI processes one after another, each loading the app from its sources:
// on a busy two-core machine that takes longer than a test's usual bound.
const CLI_TEST_TIMEOUT_MS = 90_000;

const ROOT = new URL('../../../', import.meta.url).pathname;
const temp = makeTempDir();
afterAll(() => temp.remove());

/** Runs the real CLI from the sources on the temp data directory, `input` piped in. */
function cli(input: string, ...args: string[]) {
  const result = spawnSync(process.execPath, cliArgs(...args, '--data-dir', temp.dir), {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    env: { ...process.env, STREAMPULSE_LOG_LEVEL: 'error' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Whether `name` can log in with `password` on the data directory, as the server would check. */
async function canLogIn(name: string, password: string): Promise<boolean> {
  const services = createServices(
    loadConfig({ STREAMPULSE_DATA_DIR: temp.dir, STREAMPULSE_DEMO: 'off' }, {}),
    createLogger('silent'),
  );
  try {
    await services.accounts.login(name, password, { device: 'test', address: '127.0.0.1' });
    return true;
  } catch {
    return false;
  } finally {
    await services.close();
  }
}

/** The audit trail's actions and actors, newest first. */
async function auditTrail(): Promise<{ action: string; kind: string; details: unknown }[]> {
  const services = createServices(
    loadConfig({ STREAMPULSE_DATA_DIR: temp.dir, STREAMPULSE_DEMO: 'off' }, {}),
    createLogger('silent'),
  );
  try {
    return (await services.audit.list({ limit: 20 })).map((e) => ({
      action: e.action,
      kind: e.actor.kind,
      details: e.details,
    }));
  } finally {
    await services.close();
  }
}

test(
  'creates, lists, resets the password of, disables and enables users on the data directory',
  async () => {
    expect(cli('', 'user', 'list').out).toBe('no users yet\n');
    const created = cli('first long password\n', 'user', 'create', 'owner', '--admin');
    expect(created.err).toBe('');
    expect(created.out).toMatch(/^created owner \([\w-]+\) \[admin\]\n$/);
    expect(cli('viewer long password\n', 'user', 'create', 'mod').code).toBe(0);
    expect(cli('', 'user', 'list').out).toMatch(/^mod \([\w-]+\)\nowner \([\w-]+\) \[admin\]\n$/);
    expect(await canLogIn('owner', 'first long password')).toBe(true);

    expect(cli('second long password\n', 'user', 'reset-password', 'owner').out).toBe(
      'password of owner set; every login of theirs ended\n',
    );
    expect(await canLogIn('owner', 'first long password')).toBe(false);
    expect(await canLogIn('owner', 'second long password')).toBe(true);

    expect(cli('', 'user', 'disable', 'mod').out).toBe('mod disabled\n');
    expect(cli('', 'user', 'list').out).toContain('[disabled]');
    expect(await canLogIn('mod', 'viewer long password')).toBe(false);
    expect(cli('', 'user', 'enable', 'mod').out).toBe('mod enabled\n');
    expect(await canLogIn('mod', 'viewer long password')).toBe(true);
    expect((await auditTrail()).map((e) => `${e.kind} ${e.action}`)).toEqual([
      'cli user.enable',
      'cli user.disable',
      'cli user.reset-password',
      'cli user.create',
      'cli user.create',
    ]);
    expect((await auditTrail()).at(-1)!.details).toEqual({ name: 'owner', is_admin: true });
  },
  CLI_TEST_TIMEOUT_MS,
);

test(
  'names what is wrong: a short password, a taken name, an unknown user, no password at all',
  () => {
    const short = cli('short\n', 'user', 'create', 'someone');
    expect(short.code).toBe(1);
    expect(short.err).toBe(
      'error VALIDATION_FAILED: invalid password\n  password: must be 12-256 characters long\n',
    );
    cli('a long enough password\n', 'user', 'create', 'taken');
    expect(cli('a long enough password\n', 'user', 'create', 'TAKEN').err).toMatch(/^error USER_EXISTS: /);
    expect(cli('', 'user', 'disable', 'nobody').err).toBe(
      "error USER_NOT_FOUND: user 'nobody' does not exist\n",
    );
    expect(cli('', 'user', 'create', 'empty').err).toMatch(/no password on standard input/);
  },
  CLI_TEST_TIMEOUT_MS,
);

test(
  'works on a PostgreSQL database as on the data directory',
  async () => {
    const db = await createTestDatabase();
    try {
      const created = cli(
        'a long enough password\n',
        'user',
        'create',
        'pg-owner',
        '--admin',
        '--database-url',
        db.url,
      );
      expect(created.err).toBe('');
      expect(cli('', 'user', 'list', '--database-url', db.url).out).toMatch(
        /^pg-owner \([\w-]+\) \[admin\]\n$/,
      );
      // The data directory is not where it went.
      expect(cli('', 'user', 'list').out).not.toContain('pg-owner');
    } finally {
      await db.drop();
    }
  },
  CLI_TEST_TIMEOUT_MS,
);
