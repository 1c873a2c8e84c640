import type { ApiKeyScope } from '../core/api-key-scopes.js';
import type { ProfileRole } from '../core/roles.js';

/**
 * Who may use an entrance (an HTTP route, a socket). Every route states one; there is no
 * default. `profile` rules name the role a user needs in the profile the request names, and the
 * key scope that may stand in for it (none: logins only).
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'admin' }
  /** The server's metrics: admins logged in, or a key with the `metrics` scope (of any profile). */
  | { kind: 'metrics' }
  | {
      kind: 'profile';
      role: ProfileRole;
      /** The API key scope that may use it instead of a login; absent: a login is needed. */
      key?: ApiKeyScope;
      /** Whether an overlay token of the profile may use it (read-only routes an overlay shows). */
      overlay?: boolean;
      /** Where the profile is named: the `:profile` path parameter (default) or `?profile=`. */
      from?: 'params' | 'query';
    };

/** Open to anyone, no credentials: health, login, first run, the pages' files. */
export const OPEN: AccessRule = { kind: 'public' };
/** Any logged-in user (what they see is their own). */
export const ANY_USER: AccessRule = { kind: 'user' };
/** Server admins: users, profiles, the server-wide audit log. */
export const ADMIN: AccessRule = { kind: 'admin' };
/** The server's metrics (`GET /metrics`): admins, a `metrics` key. */
export const METRICS: AccessRule = { kind: 'metrics' };
/** Reading a profile: any member, a `read` key. */
export const READ: AccessRule = { kind: 'profile', role: 'viewer', key: 'read' };
/** Reading what an overlay shows (stats, goals, sessions, leaderboards): also an overlay token. */
export const OVERLAY_READ: AccessRule = { kind: 'profile', role: 'viewer', key: 'read', overlay: true };
/** The seed's `GET /api/stats?profile=`: the profile named in the query, the default one when none. */
export const LIVE_STATS: AccessRule = {
  kind: 'profile',
  role: 'viewer',
  key: 'read',
  overlay: true,
  from: 'query',
};
/** The clip seed's analytics (`/analytics/api/...?profile=`): the profile named in the query, the default one when none. */
export const READ_BY_QUERY: AccessRule = { kind: 'profile', role: 'viewer', key: 'read', from: 'query' };
/** Changing a profile's streams, settings and goals: editors, a `manage` key. */
export const EDIT: AccessRule = { kind: 'profile', role: 'editor', key: 'manage' };
/** Pushing events: editors, an `ingest` key. */
export const PUSH: AccessRule = { kind: 'profile', role: 'editor', key: 'ingest' };
/** Keys, members, deleting the profile: its owners, logged in (a key cannot mint keys). */
export const OWN: AccessRule = { kind: 'profile', role: 'owner' };

/** Whether a key holding `scopes` may stand in for a rule asking `needed` (`manage` reads too). */
export function keyScopeAllows(scopes: readonly ApiKeyScope[], needed: ApiKeyScope): boolean {
  return scopes.includes(needed) || (needed === 'read' && scopes.includes('manage'));
}
