import { profileNotFound } from '../../core/errors.js';
import type { OverlayToken, OverlayTokenSecret, OverlayTokenStore } from '../overlay-token-store.port.js';
import { SYSTEM_SCHEMA } from './postgres-migrations.js';
import { quoteIdent, type PgPool } from './postgres-pool.js';
import { systemRows, type SystemRows } from './system-rows.js';

// Qualified names: system connections keep the pool's empty search path.
const S = quoteIdent(SYSTEM_SCHEMA);
const COLUMNS = 'id, profile_id AS profile, name, overlay, hint, created_at, last_used_at';

/** The profiles' overlay tokens in the `sp_system` schema. */
export class PostgresOverlayTokenStore implements OverlayTokenStore {
  private readonly rows: SystemRows;

  /** `ready` resolves once the system schema is migrated (retried after a failure). */
  constructor(pool: PgPool, ready: () => Promise<void>) {
    this.rows = systemRows(pool, ready);
  }

  async createOverlayToken(token: OverlayToken & OverlayTokenSecret): Promise<void> {
    const [profile] = await this.rows(`SELECT 1 FROM ${S}.profiles WHERE id = $1`, [token.profile]);
    if (!profile) throw profileNotFound(token.profile);
    await this.rows(
      `INSERT INTO ${S}.overlay_tokens (profile_id, id, name, overlay, hash, hint, created_at, last_used_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        token.profile,
        token.id,
        token.name,
        token.overlay,
        token.hash,
        token.hint,
        token.created_at,
        token.last_used_at,
      ],
    );
  }

  listOverlayTokens(profile: string): Promise<OverlayToken[]> {
    return this.rows<OverlayToken>(
      `SELECT ${COLUMNS} FROM ${S}.overlay_tokens WHERE profile_id = $1 ORDER BY created_at, id`,
      [profile],
    );
  }

  async findOverlayToken(hash: string): Promise<OverlayToken | null> {
    const [row] = await this.rows<OverlayToken>(
      `SELECT ${COLUMNS} FROM ${S}.overlay_tokens WHERE hash = $1`,
      [hash],
    );
    return row ?? null;
  }

  async replaceOverlayTokenSecret(
    profile: string,
    id: string,
    secret: OverlayTokenSecret,
  ): Promise<OverlayToken | null> {
    const [row] = await this.rows<OverlayToken>(
      `UPDATE ${S}.overlay_tokens SET hash = $3, hint = $4, last_used_at = NULL
       WHERE profile_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [profile, id, secret.hash, secret.hint],
    );
    return row ?? null;
  }

  async deleteOverlayToken(profile: string, id: string): Promise<boolean> {
    const deleted = await this.rows(
      `DELETE FROM ${S}.overlay_tokens WHERE profile_id = $1 AND id = $2 RETURNING id`,
      [profile, id],
    );
    return deleted.length > 0;
  }

  async touchOverlayToken(profile: string, id: string, at: number): Promise<void> {
    await this.rows(
      `UPDATE ${S}.overlay_tokens SET last_used_at = greatest(coalesce(last_used_at, 0), $3)
       WHERE profile_id = $1 AND id = $2`,
      [profile, id, at],
    );
  }
}
