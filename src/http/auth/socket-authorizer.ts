import type { AccessRule } from '../../accounts/access-rule.js';
import type { AccessService } from '../../accounts/access.service.js';
import type { Principal } from '../../accounts/principal.js';
import { AppError } from '../../core/errors.js';
import { PUSHED_EVENTS } from '../../live/live-events.js';
import { SocketRefusal, type SocketAuthorizer, type SocketGrant } from '../../live/socket-access.js';
import { loginTokenOfCookies } from './login-cookie.js';
import { bearerOf } from './request-actor.js';

/** Who may watch a profile live: its members, a `read` key, an overlay token. */
export const LIVE_WATCH: AccessRule = { kind: 'profile', role: 'viewer', key: 'read', overlay: true };

/**
 * The live push's access check: the handshake's login cookie, or its token (an API key or an
 * overlay token) from `auth.token` or else its `Authorization: Bearer` header (clients that can
 * set headers, like Python's), held to LIVE_WATCH like an HTTP request.
 */
export function socketAuthorizer(access: AccessService): SocketAuthorizer {
  return async ({ headers, token }, profile) => {
    const bearer = token ?? bearerOf(headers.authorization);
    let principal: Principal;
    try {
      principal = await access.identify({ login: loginTokenOfCookies(headers.cookie), bearer });
      await access.check(principal, LIVE_WATCH, profile);
    } catch (err) {
      if (err instanceof AppError) throw new SocketRefusal(err.code, err.message);
      throw err;
    }
    return grantOf(principal);
  };
}

function grantOf(principal: Principal): SocketGrant {
  switch (principal.kind) {
    case 'user':
      return { credential: `login:${principal.session.id}`, events: null };
    case 'key':
      return { credential: `key:${principal.key.id}`, events: null };
    case 'overlay':
      return { credential: `overlay:${principal.grant.id}`, events: PUSHED_EVENTS };
    case 'nobody':
      throw new SocketRefusal('LOGIN_REQUIRED', 'log in, or send a token');
  }
}
