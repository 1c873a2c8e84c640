import type { ProfileRole } from '../core/roles.js';

/** A person who logs in. `name` is unique whatever its case. */
export interface User {
  id: string;
  name: string;
  /** Server admins create users and profiles. */
  is_admin: boolean;
  /** A disabled user cannot log in; their sessions are gone. */
  disabled: boolean;
  created_at: number;
}

/** A user with the PHC string of their password hash (never leaves the accounts layer). */
export interface UserRecord extends User {
  password_hash: string;
}

export type UserPatch = Partial<Pick<UserRecord, 'password_hash' | 'is_admin' | 'disabled'>>;

/** A login on one device. The token it was given is stored only as `token_hash`. */
export interface LoginSession {
  /** A public id, to list and revoke it by (not the token). */
  id: string;
  user_id: string;
  created_at: number;
  last_used_at: number;
  /** It ends then whatever its use (the absolute limit). */
  expires_at: number;
  /** The browser or client it was made from (its User-Agent, cut short). */
  device: string;
  /** The address it was made from. */
  address: string;
}

export interface Membership {
  user_id: string;
  profile: string;
  role: ProfileRole;
}

/**
 * Users, their login sessions and their roles in profiles: system-wide data beside the profiles.
 * Throws `ConflictError` USER_EXISTS on a duplicate name and `NotFoundError` USER_NOT_FOUND when
 * a named user does not exist.
 */
export interface AccountStore {
  countUsers(): Promise<number>;
  createUser(user: UserRecord): Promise<User>;
  /** By name, whatever its case. */
  findUserByName(name: string): Promise<UserRecord | null>;
  getUser(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<User[]>;
  updateUser(id: string, patch: UserPatch): Promise<User>;
  createSession(session: LoginSession & { token_hash: string }): Promise<void>;
  /** The session given the token with this hash, or null. */
  findSession(tokenHash: string): Promise<LoginSession | null>;
  /** Records a use of the session. */
  touchSession(id: string, at: number): Promise<void>;
  /** A user's sessions, most recently used first. */
  listSessions(userId: string): Promise<LoginSession[]>;
  /** Ends one of a user's sessions; false when it was not theirs or not there. */
  deleteSession(userId: string, id: string): Promise<boolean>;
  /** Ends every session of a user but `keep` (all when null); returns how many ended. */
  deleteSessions(userId: string, keep: string | null): Promise<number>;
  /** Ends every session whose absolute or idle limit has passed at `now`. */
  deleteExpiredSessions(now: number, idleMs: number): Promise<number>;
  /** Gives a user a role in a profile, or takes it away (`null`). */
  setRole(userId: string, profile: string, role: ProfileRole | null): Promise<void>;
  /** The profiles a user has a role in. */
  listMemberships(userId: string): Promise<Membership[]>;
  /** The users with a role in a profile. */
  listMembers(profile: string): Promise<Membership[]>;
}
