import { NotFoundError, UnauthorizedError, userNotFound, ValidationError } from '../core/errors.js';
import { displayTextProblem } from '../core/display-text.js';
import type { ProfileRole } from '../core/roles.js';
import type { AccountStore, LoginSession, Membership, User, UserPatch, UserRecord } from '../store/ports.js';
import type { PasswordHasher } from './password-hasher.js';
import { createPublicId, createSecretToken, hashToken } from './secret-token.js';

/** How long a login lasts: at most `maxAgeMs` in all, and `idleMs` without use. */
export interface SessionLimits {
  maxAgeMs: number;
  idleMs: number;
}

/** Where a login comes from, kept with its session. */
export interface LoginClient {
  device: string;
  address: string;
}

/** What an admin may change of a user; what is left out stays. */
export interface UserChange {
  disabled?: boolean;
  isAdmin?: boolean;
  password?: string;
}

/** A logged-in user as a request sees it. */
export interface Authenticated {
  user: User;
  session: LoginSession;
}

export const SESSION_TOKEN_PREFIX = 'sps_';
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
const NAME_MAX = 64;
const DEVICE_MAX = 200;
/** A session's last use is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

const loginFailed = () => new UnauthorizedError('LOGIN_FAILED', 'the name or the password is wrong');

/**
 * Users and their logins. Passwords are hashed with argon2id and rehashed at login when the
 * parameters changed; a login gets a random token, stored hashed, valid until its absolute or idle
 * limit; changing a password ends the user's other logins. A failed login says the same, and takes
 * the same time, whether the name exists or not.
 */
export class AccountService {
  constructor(
    private readonly store: AccountStore,
    private readonly hasher: PasswordHasher,
    private readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether anyone can log in yet (the first run creates the owner). */
  async hasUsers(): Promise<boolean> {
    return (await this.store.countUsers()) > 0;
  }

  /** Throws `ValidationError` naming the field, `ConflictError` USER_EXISTS. */
  async createUser(input: { name: string; password: string; isAdmin?: boolean }): Promise<User> {
    checkName(input.name);
    checkPassword('password', input.password);
    return this.store.createUser({
      id: createPublicId(),
      name: input.name,
      password_hash: await this.hasher.hash(input.password),
      is_admin: input.isAdmin ?? false,
      disabled: false,
      created_at: this.now(),
    });
  }

  listUsers(): Promise<User[]> {
    return this.store.listUsers();
  }

  /** Throws `NotFoundError` USER_NOT_FOUND. */
  async getUser(id: string): Promise<User> {
    const user = await this.store.getUser(id);
    if (!user) throw userNotFound(id);
    return withoutHash(user);
  }

  /** By name, whatever its case. Throws `NotFoundError` USER_NOT_FOUND. */
  async findUser(name: string): Promise<User> {
    const user = await this.store.findUserByName(name);
    if (!user) throw userNotFound(name);
    return withoutHash(user);
  }

  /** Throws `UnauthorizedError` LOGIN_FAILED for a wrong name or password, or a disabled user. */
  async login(
    name: string,
    password: string,
    client: LoginClient,
  ): Promise<Authenticated & { token: string }> {
    const user = password.length <= PASSWORD_MAX ? await this.store.findUserByName(name) : null;
    const check = user
      ? await this.hasher.verify(user.password_hash, password)
      : await this.hasher.verifyNothing(password);
    if (!user || !check.ok || user.disabled) throw loginFailed();
    if (check.needsRehash)
      await this.store.updateUser(user.id, { password_hash: await this.hasher.hash(password) });
    const token = createSecretToken(SESSION_TOKEN_PREFIX);
    const at = this.now();
    const session: LoginSession = {
      id: createPublicId(),
      user_id: user.id,
      created_at: at,
      last_used_at: at,
      expires_at: at + this.limits.maxAgeMs,
      device: client.device.slice(0, DEVICE_MAX),
      address: client.address,
    };
    await this.store.createSession({ ...session, token_hash: hashToken(token) });
    return { token, user: withoutHash(user), session };
  }

  /** The user and session a token belongs to, or null when it is unknown, expired or disabled. */
  async authenticate(token: string): Promise<Authenticated | null> {
    if (!token.startsWith(SESSION_TOKEN_PREFIX)) return null;
    const session = await this.store.findSession(hashToken(token));
    const at = this.now();
    if (!session || session.expires_at <= at || session.last_used_at <= at - this.limits.idleMs) return null;
    const record = await this.store.getUser(session.user_id);
    if (!record || record.disabled) return null;
    if (at - session.last_used_at >= TOUCH_EVERY_MS) {
      await this.store.touchSession(session.id, at);
      session.last_used_at = at;
    }
    return { user: withoutHash(record), session };
  }

  /** Ends the login of this token (nothing when it is not one). */
  async logout(token: string): Promise<void> {
    const session = await this.store.findSession(hashToken(token));
    if (session) await this.store.deleteSession(session.user_id, session.id);
  }

  listSessions(userId: string): Promise<LoginSession[]> {
    return this.store.listSessions(userId);
  }

  /** Throws `NotFoundError` LOGIN_SESSION_NOT_FOUND when the user has no such session. */
  async revokeSession(userId: string, id: string): Promise<void> {
    if (!(await this.store.deleteSession(userId, id))) {
      throw new NotFoundError('LOGIN_SESSION_NOT_FOUND', `no login session '${id}' of yours`);
    }
  }

  /**
   * Sets a new password after checking the current one, and ends every other login of the user
   * (`keep` is the session making the change). Throws `UnauthorizedError` PASSWORD_WRONG.
   */
  async changePassword(userId: string, current: string, next: string, keep: string | null): Promise<void> {
    checkPassword('new_password', next);
    const user = await this.store.getUser(userId);
    if (!user) throw userNotFound(userId);
    if (!(await this.hasher.verify(user.password_hash, current)).ok) {
      throw new UnauthorizedError('PASSWORD_WRONG', 'the current password is wrong');
    }
    await this.store.updateUser(userId, { password_hash: await this.hasher.hash(next) });
    await this.store.deleteSessions(userId, keep);
  }

  /**
   * Changes a user in one write: disabled or not, admin or not, a new password. Disabling ends
   * every login of theirs; a new password ends every login but `keep` (the session making the
   * change, when it is theirs). Throws `ValidationError` naming the password, `NotFoundError`
   * USER_NOT_FOUND. The caller checks who may make the change.
   */
  async updateUser(id: string, change: UserChange, keep: string | null = null): Promise<User> {
    if (change.password !== undefined) checkPassword('password', change.password);
    const patch: UserPatch = {};
    if (change.disabled !== undefined) patch.disabled = change.disabled;
    if (change.isAdmin !== undefined) patch.is_admin = change.isAdmin;
    if (change.password !== undefined) patch.password_hash = await this.hasher.hash(change.password);
    const updated = await this.store.updateUser(id, patch);
    if (change.disabled === true) await this.store.deleteSessions(id, null);
    else if (change.password !== undefined) await this.store.deleteSessions(id, keep);
    return updated;
  }

  /** For the locked-out owner (command line): a new password, every login ended. */
  async resetPassword(name: string, next: string): Promise<User> {
    checkPassword('password', next);
    return this.updateUser((await this.findUser(name)).id, { password: next });
  }

  /** Disables (ending every login) or enables a user. */
  async setDisabled(name: string, disabled: boolean): Promise<User> {
    return this.updateUser((await this.findUser(name)).id, { disabled });
  }

  /** Gives a user a role in a profile, or takes it away (`null`). Throws USER_NOT_FOUND, PROFILE_NOT_FOUND. */
  setRole(userId: string, profile: string, role: ProfileRole | null): Promise<void> {
    return this.store.setRole(userId, profile, role);
  }

  listMemberships(userId: string): Promise<Membership[]> {
    return this.store.listMemberships(userId);
  }

  /** The users with a role in a profile. */
  listMembers(profile: string): Promise<Membership[]> {
    return this.store.listMembers(profile);
  }

  /** Ends the logins past their limits (a periodic job). */
  removeExpiredSessions(): Promise<number> {
    return this.store.deleteExpiredSessions(this.now(), this.limits.idleMs);
  }
}

const withoutHash = ({ password_hash: _, ...user }: UserRecord): User => user;

function checkName(name: string): void {
  const problem = displayTextProblem(name, NAME_MAX) ?? (/\s/.test(name) ? 'must not contain spaces' : null);
  if (problem) throw new ValidationError('invalid name', [{ field: 'name', message: problem }]);
}

function checkPassword(field: string, password: string): void {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new ValidationError('invalid password', [
      { field, message: `must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters long` },
    ]);
  }
}
