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
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './statement-cache.js';

interface UserRow {
  id: string;
  name: string;
  password_hash: string;
  is_admin: number;
  disabled: number;
  created_at: number;
}

const USER_COLUMNS = 'id, name, password_hash, is_admin, disabled, created_at';
const SESSION_COLUMNS = 'id, user_id, created_at, last_used_at, expires_at, device, address';

const toRecord = (r: UserRow): UserRecord => ({
  ...r,
  is_admin: r.is_admin === 1,
  disabled: r.disabled === 1,
});
const toUser = ({ password_hash: _, ...user }: UserRecord): User => user;

/** Users, login sessions and memberships in the embedded engine's system database. */
export class SqliteAccountStore implements AccountStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  countUsers(): Promise<number> {
    return Promise.resolve((this.statements.get('SELECT count(*) AS n FROM users').get() as { n: number }).n);
  }

  createUser(user: UserRecord): Promise<User> {
    const result = this.statements
      .get(
        `INSERT OR IGNORE INTO users (${USER_COLUMNS}) VALUES (@id, @name, @password_hash, @is_admin, @disabled, @created_at)`,
      )
      .run({ ...user, is_admin: user.is_admin ? 1 : 0, disabled: user.disabled ? 1 : 0 });
    if (result.changes === 0) {
      return Promise.reject(new ConflictError('USER_EXISTS', `a user named '${user.name}' already exists`));
    }
    return Promise.resolve(toUser(user));
  }

  findUserByName(name: string): Promise<UserRecord | null> {
    const row = this.statements.get(`SELECT ${USER_COLUMNS} FROM users WHERE name = ?`).get(name) as
      UserRow | undefined;
    return Promise.resolve(row ? toRecord(row) : null);
  }

  getUser(id: string): Promise<UserRecord | null> {
    const row = this.statements.get(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as
      UserRow | undefined;
    return Promise.resolve(row ? toRecord(row) : null);
  }

  listUsers(): Promise<User[]> {
    const rows = this.statements.get(`SELECT ${USER_COLUMNS} FROM users ORDER BY name`).all() as UserRow[];
    return Promise.resolve(rows.map((r) => toUser(toRecord(r))));
  }

  async updateUser(id: string, patch: UserPatch): Promise<User> {
    const current = await this.getUser(id);
    if (!current) throw userNotFound(id);
    const next = { ...current, ...patch };
    this.statements
      .get('UPDATE users SET password_hash = ?, is_admin = ?, disabled = ? WHERE id = ?')
      .run(next.password_hash, next.is_admin ? 1 : 0, next.disabled ? 1 : 0, id);
    return toUser(next);
  }

  createSession(session: LoginSession & { token_hash: string }): Promise<void> {
    this.statements
      .get(
        `INSERT INTO login_sessions (${SESSION_COLUMNS}, token_hash)
       VALUES (@id, @user_id, @created_at, @last_used_at, @expires_at, @device, @address, @token_hash)`,
      )
      .run(session);
    return Promise.resolve();
  }

  findSession(tokenHash: string): Promise<LoginSession | null> {
    const row = this.statements
      .get(`SELECT ${SESSION_COLUMNS} FROM login_sessions WHERE token_hash = ?`)
      .get(tokenHash) as LoginSession | undefined;
    return Promise.resolve(row ?? null);
  }

  touchSession(id: string, at: number): Promise<void> {
    this.statements
      .get('UPDATE login_sessions SET last_used_at = max(last_used_at, ?) WHERE id = ?')
      .run(at, id);
    return Promise.resolve();
  }

  listSessions(userId: string): Promise<LoginSession[]> {
    return Promise.resolve(
      this.statements
        .get(`SELECT ${SESSION_COLUMNS} FROM login_sessions WHERE user_id = ? ORDER BY last_used_at DESC, id`)
        .all(userId) as LoginSession[],
    );
  }

  deleteSession(userId: string, id: string): Promise<boolean> {
    const result = this.statements
      .get('DELETE FROM login_sessions WHERE user_id = ? AND id = ?')
      .run(userId, id);
    return Promise.resolve(result.changes > 0);
  }

  deleteSessions(userId: string, keep: string | null): Promise<number> {
    const result = this.statements
      .get('DELETE FROM login_sessions WHERE user_id = ? AND id IS NOT ?')
      .run(userId, keep);
    return Promise.resolve(result.changes);
  }

  deleteExpiredSessions(now: number, idleMs: number): Promise<number> {
    const result = this.statements
      .get('DELETE FROM login_sessions WHERE expires_at <= ? OR last_used_at <= ?')
      .run(now, now - idleMs);
    return Promise.resolve(result.changes);
  }

  async setRole(userId: string, profile: string, role: ProfileRole | null): Promise<void> {
    if (role === null) {
      this.statements
        .get('DELETE FROM memberships WHERE user_id = ? AND profile_id = ?')
        .run(userId, profile);
      return;
    }
    if (!(await this.getUser(userId))) throw userNotFound(userId);
    if (!this.statements.get('SELECT 1 FROM profiles WHERE id = ?').get(profile))
      throw profileNotFound(profile);
    this.statements
      .get(
        `INSERT INTO memberships (user_id, profile_id, role) VALUES (?, ?, ?)
       ON CONFLICT (user_id, profile_id) DO UPDATE SET role = excluded.role`,
      )
      .run(userId, profile, role);
  }

  listMemberships(userId: string): Promise<Membership[]> {
    return Promise.resolve(
      this.statements
        .get(
          'SELECT user_id, profile_id AS profile, role FROM memberships WHERE user_id = ? ORDER BY profile_id',
        )
        .all(userId) as Membership[],
    );
  }

  listMembers(profile: string): Promise<Membership[]> {
    return Promise.resolve(
      this.statements
        .get(
          'SELECT user_id, profile_id AS profile, role FROM memberships WHERE profile_id = ? ORDER BY user_id',
        )
        .all(profile) as Membership[],
    );
  }
}
