import { expect, test } from 'vitest';
import type { StoreEngine } from '../../../src/store/ports.js';
import { withOlderPostgresSystem, withOlderSqliteSystem } from '../../support/older-system-schema.js';

const T = Date.UTC(2026, 10, 1);
const DAY = '2026-11-01';

/** Checks that a day counted before the clips column existed reads with no clips, and takes some. */
async function expectMigrated(engine: StoreEngine): Promise<void> {
  const before = { profile: 'ana', day: DAY, events: 12, bytes: 900, requests: 4, clips: 0 };
  expect(await engine.usage.listUsage('ana', DAY, DAY)).toEqual([before]);
  await engine.usage.addUsage([{ ...before, events: 1, bytes: 0, requests: 0, clips: 2 }]);
  expect(await engine.usage.listUsage('ana', DAY, DAY)).toEqual([{ ...before, events: 13, clips: 2 }]);
}

test('SQLite: a day of usage counted before clips were counted reads with no clips and takes more', () =>
  withOlderSqliteSystem(
    8,
    (db) => {
      db.prepare('INSERT INTO profiles (id, name, created_at) VALUES (?, ?, ?)').run('ana', 'Ana', T);
      const usage =
        'INSERT INTO usage_daily (profile_id, day, events, bytes, requests) VALUES (?, ?, ?, ?, ?)';
      db.prepare(usage).run('ana', DAY, 12, 900, 4);
    },
    expectMigrated,
  ));

test('PostgreSQL: a day of usage counted before clips were counted reads with no clips and takes more', () =>
  withOlderPostgresSystem(
    6,
    async (client) => {
      await client.query('INSERT INTO profiles (id, name, created_at) VALUES ($1, $2, $3)', [
        'ana',
        'Ana',
        T,
      ]);
      await client.query(
        'INSERT INTO usage_daily (profile_id, day, events, bytes, requests) VALUES ($1, $2, $3, $4, $5)',
        ['ana', DAY, 12, 900, 4],
      );
    },
    expectMigrated,
  ));
