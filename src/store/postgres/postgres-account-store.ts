import { ConflictError, profileNotFound, userNotFound } from '../../core/errors.js';
import type { ProfileRole } from '../../core/roles.js';
import type {
  AccountStore,
  LoginSession,
  Membership,
  User,
  UserPatch,
  UserRecord,
} from '../account-store.port.js';
import { SYSTEM_SCHEMA } from './postgres-migrations.js';
import { quoteIdent, type PgPool } from './postgres-pool.js';
import { systemRows, type SystemRows } from './system-rows.js';

// Qualified names: system connections keep the pool's empty search path.
const S = quoteIdent(SYSTEM_SCHEMA);
const USER_COLUMNS = 'id, name, password_hash, is_admin, disabled, created_at';
const SESSION_COLUMNS = 'id, user_id, created_at, last_used_at, expires_at, device, address';

const toUser = ({ password_hash: _, ...user }: UserRecord): User => user;

/** Users, login sessions and memberships in the `sp_system` schema. */
export class PostgresAccountStore implements AccountStore {
  private readonly rows: SystemRows;

  /** `ready` resolves once the system schema is migrated (retried after a failure). */
  constructor(pool: PgPool, ready: () => Promise<void>) {
    this.rows = systemRows(pool, ready);
  }

  async countUsers(): Promise<number> {
    const [row] = await this.rows<{ n: number }>(`SELECT count(*)::int AS n FROM ${S}.users`);
    return row?.n ?? 0;
  }

  async createUser(user: UserRecord): Promise<User> {
    const inserted = await this.rows(
      `INSERT INTO ${S}.users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING id`,
      [user.id, user.name, user.password_hash, user.is_admin, user.disabled, user.created_at],
    );
    if (inserted.length === 0)
      throw new ConflictError('USER_EXISTS', `a user named '${user.name}' already exists`);
    return toUser(user);
  }

  async findUserByName(name: string): Promise<UserRecord | null> {
    const [row] = await this.rows<UserRecord>(
      `SELECT ${USER_COLUMNS} FROM ${S}.users WHERE lower(name) = lower($1)`,
      [name],
    );
    return row ?? null;
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const [row] = await this.rows<UserRecord>(`SELECT ${USER_COLUMNS} FROM ${S}.users WHERE id = $1`, [id]);
    return row ?? null;
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.rows<UserRecord>(`SELECT ${USER_COLUMNS} FROM ${S}.users ORDER BY lower(name)`);
    return rows.map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User> {
    const current = await this.getUser(id);
    if (!current) throw userNotFound(id);
    const next = { ...current, ...patch };
    await this.rows(`UPDATE ${S}.users SET password_hash = $2, is_admin = $3, disabled = $4 WHERE id = $1`, [
      id,
      next.password_hash,
      next.is_admin,
      next.disabled,
    ]);
    return toUser(next);
  }

  async createSession(s: LoginSession & { token_hash: string }): Promise<void> {
    await this.rows(
      `INSERT INTO ${S}.login_sessions (${SESSION_COLUMNS}, token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.id, s.user_id, s.created_at, s.last_used_at, s.expires_at, s.device, s.address, s.token_hash],
    );
  }

  async findSession(tokenHash: string): Promise<LoginSession | null> {
    const [row] = await this.rows<LoginSession>(
      `SELECT ${SESSION_COLUMNS} FROM ${S}.login_sessions WHERE token_hash = $1`,
      [tokenHash],
    );
    return row ?? null;
  }

  async touchSession(id: string, at: number): Promise<void> {
    await this.rows(
      `UPDATE ${S}.login_sessions SET last_used_at = greatest(last_used_at, $2) WHERE id = $1`,
      [id, at],
    );
  }

  listSessions(userId: string): Promise<LoginSession[]> {
    return this.rows<LoginSession>(
      `SELECT ${SESSION_COLUMNS} FROM ${S}.login_sessions WHERE user_id = $1 ORDER BY last_used_at DESC, id`,
      [userId],
    );
  }

  async deleteSession(userId: string, id: string): Promise<boolean> {
    const deleted = await this.rows(
      `DELETE FROM ${S}.login_sessions WHERE user_id = $1 AND id = $2 RETURNING id`,
      [userId, id],
    );
    return deleted.length > 0;
  }

  async deleteSessions(userId: string, keep: string | null): Promise<number> {
    const deleted = await this.rows(
      `DELETE FROM ${S}.login_sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2 RETURNING id`,
      [userId, keep],
    );
    return deleted.length;
  }

  async deleteExpiredSessions(now: number, idleMs: number): Promise<number> {
    const deleted = await this.rows(
      `DELETE FROM ${S}.login_sessions WHERE expires_at <= $1 OR last_used_at <= $2 RETURNING id`,
      [now, now - idleMs],
    );
    return deleted.length;
  }

  async setRole(userId: string, profile: string, role: ProfileRole | null): Promise<void> {
    if (role === null) {
      await this.rows(`DELETE FROM ${S}.memberships WHERE user_id = $1 AND profile_id = $2`, [
        userId,
        profile,
      ]);
      return;
    }
    if (!(await this.getUser(userId))) throw userNotFound(userId);
    const [exists] = await this.rows(`SELECT 1 FROM ${S}.profiles WHERE id = $1`, [profile]);
    if (!exists) throw profileNotFound(profile);
    await this.rows(
      `INSERT INTO ${S}.memberships (user_id, profile_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, profile_id) DO UPDATE SET role = excluded.role`,
      [userId, profile, role],
    );
  }

  listMemberships(userId: string): Promise<Membership[]> {
    return this.rows<Membership>(
      `SELECT user_id, profile_id AS profile, role FROM ${S}.memberships WHERE user_id = $1 ORDER BY profile_id`,
      [userId],
    );
  }

  listMembers(profile: string): Promise<Membership[]> {
    return this.rows<Membership>(
      `SELECT user_id, profile_id AS profile, role FROM ${S}.memberships WHERE profile_id = $1 ORDER BY user_id`,
      [profile],
    );
  }
}
