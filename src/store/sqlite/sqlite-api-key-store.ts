import type { ApiKeyScope } from '../../core/api-key-scopes.js';
import { profileNotFound, streamNotFound } from '../../core/errors.js';
import type { ApiKey, ApiKeyStore } from '../api-key-store.port.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './statement-cache.js';

type KeyRow = Omit<ApiKey, 'scopes'> & { scopes: string };

const KEY_COLUMNS = `SELECT id, profile_id AS profile, name, hint, scopes, stream_id AS stream, expires_at,
  last_used_at, created_at FROM api_keys`;

const toKey = (r: KeyRow): ApiKey => ({ ...r, scopes: r.scopes.split(',') as ApiKeyScope[] });

/** The profiles' API keys in the embedded engine's system database. */
export class SqliteApiKeyStore implements ApiKeyStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  createApiKey(key: ApiKey & { hash: string }): Promise<void> {
    if (!this.statements.get('SELECT 1 FROM profiles WHERE id = ?').get(key.profile)) {
      return Promise.reject(profileNotFound(key.profile));
    }
    if (
      key.stream !== null &&
      !this.statements
        .get('SELECT 1 FROM streams WHERE profile_id = ? AND id = ?')
        .get(key.profile, key.stream)
    ) {
      return Promise.reject(streamNotFound(key.profile, key.stream));
    }
    this.statements
      .get(
        `INSERT INTO api_keys (profile_id, id, name, hash, hint, scopes, stream_id, expires_at, last_used_at, created_at)
       VALUES (@profile, @id, @name, @hash, @hint, @scopes, @stream, @expires_at, @last_used_at, @created_at)`,
      )
      .run({ ...key, scopes: key.scopes.join(',') });
    return Promise.resolve();
  }

  listApiKeys(profile: string): Promise<ApiKey[]> {
    const rows = this.statements
      .get(`${KEY_COLUMNS} WHERE profile_id = ? ORDER BY created_at, id`)
      .all(profile) as KeyRow[];
    return Promise.resolve(rows.map(toKey));
  }

  deleteApiKey(profile: string, id: string): Promise<boolean> {
    const result = this.statements
      .get('DELETE FROM api_keys WHERE profile_id = ? AND id = ?')
      .run(profile, id);
    return Promise.resolve(result.changes > 0);
  }

  findApiKey(hash: string): Promise<ApiKey | null> {
    const row = this.statements.get(`${KEY_COLUMNS} WHERE hash = ?`).get(hash) as KeyRow | undefined;
    return Promise.resolve(row ? toKey(row) : null);
  }

  touchApiKey(profile: string, id: string, at: number): Promise<void> {
    this.statements
      .get(
        'UPDATE api_keys SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE profile_id = ? AND id = ?',
      )
      .run(at, profile, id);
    return Promise.resolve();
  }
}
