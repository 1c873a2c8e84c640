import { ForbiddenError, profileNotFound, UnauthorizedError } from '../core/errors.js';
import { roleAtLeast, type ProfileRole } from '../core/roles.js';
import type { ApiKeyService } from '../profiles/api-key.service.js';
import type { AccountService } from './account.service.js';
import { keyScopeAllows, type AccessRule } from './access-rule.js';
import { NOBODY, type Credentials, type OverlayGrant, type Principal } from './principal.js';

/** Finds the overlay grant of a token (overlay tokens are issued per profile). */
export interface OverlayTokenCheck {
  authenticate(token: string): Promise<OverlayGrant | null>;
}

/**
 * Who a request is, and whether they may do what a rule asks. Server admins act as owners of
 * every profile. Someone with no role in a profile is told it does not exist (404), so that
 * profile names do not leak; a role or key that is too weak is told so (403).
 */
export class AccessService {
  constructor(
    private readonly accounts: AccountService,
    private readonly keys: ApiKeyService,
    private readonly overlays: OverlayTokenCheck | null = null,
  ) {}

  /**
   * The principal behind the credentials. A bearer token is tried first (it was sent on purpose);
   * one that is not valid is refused outright (401 TOKEN_INVALID) rather than ignored.
   */
  async identify(credentials: Credentials): Promise<Principal> {
    if (credentials.bearer) {
      const principal = await this.byBearer(credentials.bearer);
      if (!principal) throw new UnauthorizedError('TOKEN_INVALID', 'the bearer token is unknown, revoked or expired');
      return principal;
    }
    const login = credentials.login ? await this.accounts.authenticate(credentials.login) : null;
    return login ? { kind: 'user', ...login } : NOBODY;
  }

  /**
   * Throws unless `principal` may use an entrance with `rule`; `profile` is the profile the
   * request names (profile rules only). 401 LOGIN_REQUIRED, 403 ADMIN_REQUIRED, ROLE_TOO_LOW,
   * KEY_SCOPE_MISSING or LOGIN_NEEDED_NOT_KEY, 404 PROFILE_NOT_FOUND. The metrics rule takes an
   * admin's login or a key with the `metrics` scope, whatever its profile: the metrics are the
   * server's, not a profile's.
   */
  async check(principal: Principal, rule: AccessRule, profile: string | null): Promise<void> {
    if (rule.kind === 'public') return;
    if (principal.kind === 'nobody') throw loginRequired();
    if (rule.kind === 'profile') return this.checkProfile(principal, rule, profile ?? '');
    if (rule.kind === 'metrics') return checkMetrics(principal);
    if (principal.kind !== 'user') throw loginNeeded();
    if (rule.kind === 'admin' && !principal.user.is_admin) {
      throw new ForbiddenError('ADMIN_REQUIRED', 'only a server admin may do this');
    }
  }

  /** The role a user has in a profile (admins: owner), or null for none. */
  async roleOf(principal: Principal, profile: string): Promise<ProfileRole | null> {
    if (principal.kind !== 'user') return null;
    if (principal.user.is_admin) return 'owner';
    const memberships = await this.accounts.listMemberships(principal.user.id);
    return memberships.find((m) => m.profile === profile)?.role ?? null;
  }

  /** The profiles a principal may see: all of them (admins) or the listed ones. */
  async visibleProfiles(principal: Principal): Promise<'all' | Set<string>> {
    switch (principal.kind) {
      case 'user':
        if (principal.user.is_admin) return 'all';
        return new Set((await this.accounts.listMemberships(principal.user.id)).map((m) => m.profile));
      case 'key':
        return new Set([principal.key.profile]);
      case 'overlay':
        return new Set([principal.grant.profile]);
      case 'nobody':
        return new Set();
    }
  }

  private async checkProfile(
    principal: Exclude<Principal, { kind: 'nobody' }>,
    rule: Extract<AccessRule, { kind: 'profile' }>,
    profile: string,
  ): Promise<void> {
    switch (principal.kind) {
      case 'user': {
        const role = await this.roleOf(principal, profile);
        if (role === null) throw profileNotFound(profile);
        if (!roleAtLeast(role, rule.role)) {
          throw new ForbiddenError(
            'ROLE_TOO_LOW',
            `your role in profile '${profile}' is ${role}; this needs ${rule.role} or higher`,
          );
        }
        return;
      }
      case 'key':
        if (principal.key.profile !== profile) throw profileNotFound(profile);
        if (!rule.key) throw loginNeeded();
        if (!keyScopeAllows(principal.key.scopes, rule.key)) {
          throw new ForbiddenError('KEY_SCOPE_MISSING', `this API key lacks the ${rule.key} scope`);
        }
        return;
      case 'overlay':
        if (principal.grant.profile !== profile) throw profileNotFound(profile);
        if (!rule.overlay) throw new ForbiddenError('OVERLAY_TOKEN_READ_ONLY', 'an overlay token may only read what overlays show');
        return;
    }
  }

  private async byBearer(token: string): Promise<Principal | null> {
    const key = await this.keys.authenticate(token);
    if (key) return { kind: 'key', key };
    const grant = this.overlays ? await this.overlays.authenticate(token) : null;
    return grant ? { kind: 'overlay', grant } : null;
  }
}

/** The metrics rule: a server admin, or a key holding the `metrics` scope. */
function checkMetrics(principal: Exclude<Principal, { kind: 'nobody' }>): void {
  switch (principal.kind) {
    case 'user':
      if (!principal.user.is_admin) {
        throw new ForbiddenError('ADMIN_REQUIRED', 'only a server admin may read the metrics');
      }
      return;
    case 'key':
      if (!principal.key.scopes.includes('metrics')) {
        throw new ForbiddenError('KEY_SCOPE_MISSING', 'this API key lacks the metrics scope');
      }
      return;
    case 'overlay':
      throw new ForbiddenError(
        'OVERLAY_TOKEN_READ_ONLY',
        'an overlay token may only read what overlays show',
      );
  }
}

const loginRequired = () =>
  new UnauthorizedError(
    'LOGIN_REQUIRED',
    'log in first (POST /api/auth/login), or send an API key as Authorization: Bearer <key>',
  );

const loginNeeded = () =>
  new ForbiddenError('LOGIN_NEEDED_NOT_KEY', 'this needs a logged-in user; a token cannot do it');

