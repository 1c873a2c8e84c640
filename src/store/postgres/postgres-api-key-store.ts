import type { ApiKeyScope } from '../../core/api-key-scopes.js';
import { profileNotFound, streamNotFound } from '../../core/errors.js';
import type { ApiKey, ApiKeyStore } from '../api-key-store.port.js';
import { SYSTEM_SCHEMA } from './postgres-migrations.js';
import { quoteIdent, type PgPool } from './postgres-pool.js';
import { systemRows, type SystemRows } from './system-rows.js';

type KeyRow = Omit<ApiKey, 'scopes'> & { scopes: string };

// Qualified names: system connections keep the pool's empty search path.
const S = quoteIdent(SYSTEM_SCHEMA);
const KEY_COLUMNS = `SELECT id, profile_id AS profile, name, hint, scopes, stream_id AS stream, expires_at,
  last_used_at, created_at FROM ${S}.api_keys`;

const toKey = (r: KeyRow): ApiKey => ({ ...r, scopes: r.scopes.split(',') as ApiKeyScope[] });

/** The profiles' API keys in the `sp_system` schema. */
export class PostgresApiKeyStore implements ApiKeyStore {
  private readonly rows: SystemRows;

  /** `ready` resolves once the system schema is migrated (retried after a failure). */
  constructor(pool: PgPool, ready: () => Promise<void>) {
    this.rows = systemRows(pool, ready);
  }

  async createApiKey(key: ApiKey & { hash: string }): Promise<void> {
    const [profile] = await this.rows(`SELECT 1 FROM ${S}.profiles WHERE id = $1`, [key.profile]);
    if (!profile) throw profileNotFound(key.profile);
    if (key.stream !== null) {
      const [stream] = await this.rows(`SELECT 1 FROM ${S}.streams WHERE profile_id = $1 AND id = $2`, [
        key.profile,
        key.stream,
      ]);
      if (!stream) throw streamNotFound(key.profile, key.stream);
    }
    await this.rows(
      `INSERT INTO ${S}.api_keys (profile_id, id, name, hash, hint, scopes, stream_id, expires_at, last_used_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        key.profile,
        key.id,
        key.name,
        key.hash,
        key.hint,
        key.scopes.join(','),
        key.stream,
        key.expires_at,
        key.last_used_at,
        key.created_at,
      ],
    );
  }

  async listApiKeys(profile: string): Promise<ApiKey[]> {
    const rows = await this.rows<KeyRow>(`${KEY_COLUMNS} WHERE profile_id = $1 ORDER BY created_at, id`, [
      profile,
    ]);
    return rows.map(toKey);
  }

  async deleteApiKey(profile: string, id: string): Promise<boolean> {
    const deleted = await this.rows(
      `DELETE FROM ${S}.api_keys WHERE profile_id = $1 AND id = $2 RETURNING id`,
      [profile, id],
    );
    return deleted.length > 0;
  }

  async findApiKey(hash: string): Promise<ApiKey | null> {
    const [row] = await this.rows<KeyRow>(`${KEY_COLUMNS} WHERE hash = $1`, [hash]);
    return row ? toKey(row) : null;
  }

  async touchApiKey(profile: string, id: string, at: number): Promise<void> {
    await this.rows(
      `UPDATE ${S}.api_keys SET last_used_at = greatest(coalesce(last_used_at, 0), $3) WHERE profile_id = $1 AND id = $2`,
      [profile, id, at],
    );
  }
}
