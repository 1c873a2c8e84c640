import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { ApiKeyService } from '../../../src/profiles/api-key.service.js';
import { ProfileService } from '../../../src/profiles/profile.service.js';
import type { StoreEngine } from '../../../src/store/ports.js';
import { withOlderPostgresSystem, withOlderSqliteSystem } from '../../support/older-system-schema.js';

/** An ingest key as the versions before API keys issued it: spk_ and 43 base64url characters. */
const OLD_KEY = 'spk_' + 'A'.repeat(43);
const OLD_HASH = createHash('sha256').update(OLD_KEY).digest('hex');
const T = Date.UTC(2026, 10, 1);

/** Checks that the ingest key stored before the migration is an `ingest` API key that still works. */
async function expectMigrated(engine: StoreEngine): Promise<void> {
  const [key] = await engine.keys.listApiKeys('ana');
  expect(key).toEqual({
    id: 'k1',
    profile: 'ana',
    name: 'obs plugin',
    hint: 'AAAA',
    scopes: ['ingest'],
    stream: null,
    expires_at: null,
    last_used_at: null,
    created_at: T,
  });
  const keys = new ApiKeyService(new ProfileService(engine), engine.keys, () => undefined);
  expect((await keys.authenticate(OLD_KEY))?.id).toBe('k1');
}

test('SQLite: the ingest keys of a system database from before API keys become ingest API keys', () =>
  withOlderSqliteSystem(
    3,
    (db) => {
      db.prepare('INSERT INTO profiles (id, name, created_at) VALUES (?, ?, ?)').run('ana', 'Ana', T);
      db.prepare(
        'INSERT INTO ingest_keys (profile_id, id, name, hash, hint, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run('ana', 'k1', 'obs plugin', OLD_HASH, 'AAAA', T);
    },
    expectMigrated,
  ));

test('PostgreSQL: the ingest keys of a system schema from before API keys become ingest API keys', () =>
  withOlderPostgresSystem(
    1,
    async (client) => {
      await client.query('INSERT INTO profiles (id, name, created_at) VALUES ($1, $2, $3)', [
        'ana',
        'Ana',
        T,
      ]);
      await client.query(
        'INSERT INTO ingest_keys (profile_id, id, name, hash, hint, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        ['ana', 'k1', 'obs plugin', OLD_HASH, 'AAAA', T],
      );
    },
    expectMigrated,
  ));
