import { profileNotFound } from '../../core/errors.js';
import type { OverlayToken, OverlayTokenSecret, OverlayTokenStore } from '../overlay-token-store.port.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './statement-cache.js';

const COLUMNS = 'id, profile_id AS profile, name, overlay, hint, created_at, last_used_at';

/** The profiles' overlay tokens in the embedded engine's system database. */
export class SqliteOverlayTokenStore implements OverlayTokenStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  createOverlayToken(token: OverlayToken & OverlayTokenSecret): Promise<void> {
    if (!this.statements.get('SELECT 1 FROM profiles WHERE id = ?').get(token.profile)) {
      return Promise.reject(profileNotFound(token.profile));
    }
    this.statements
      .get(
        `INSERT INTO overlay_tokens (profile_id, id, name, overlay, hash, hint, created_at, last_used_at)
         VALUES (@profile, @id, @name, @overlay, @hash, @hint, @created_at, @last_used_at)`,
      )
      .run(token);
    return Promise.resolve();
  }

  listOverlayTokens(profile: string): Promise<OverlayToken[]> {
    const rows = this.statements
      .get(`SELECT ${COLUMNS} FROM overlay_tokens WHERE profile_id = ? ORDER BY created_at, id`)
      .all(profile) as OverlayToken[];
    return Promise.resolve(rows);
  }

  findOverlayToken(hash: string): Promise<OverlayToken | null> {
    const row = this.statements.get(`SELECT ${COLUMNS} FROM overlay_tokens WHERE hash = ?`).get(hash) as
      OverlayToken | undefined;
    return Promise.resolve(row ?? null);
  }

  replaceOverlayTokenSecret(
    profile: string,
    id: string,
    secret: OverlayTokenSecret,
  ): Promise<OverlayToken | null> {
    const row = this.statements
      .get(
        `UPDATE overlay_tokens SET hash = ?, hint = ?, last_used_at = NULL
         WHERE profile_id = ? AND id = ? RETURNING ${COLUMNS}`,
      )
      .get(secret.hash, secret.hint, profile, id) as OverlayToken | undefined;
    return Promise.resolve(row ?? null);
  }

  deleteOverlayToken(profile: string, id: string): Promise<boolean> {
    const result = this.statements
      .get('DELETE FROM overlay_tokens WHERE profile_id = ? AND id = ?')
      .run(profile, id);
    return Promise.resolve(result.changes > 0);
  }

  touchOverlayToken(profile: string, id: string, at: number): Promise<void> {
    this.statements
      .get(
        'UPDATE overlay_tokens SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE profile_id = ? AND id = ?',
      )
      .run(at, profile, id);
    return Promise.resolve();
  }
}
