import type { AccessRule } from '../../accounts/access-rule.js';
import type { AccessService } from '../../accounts/access.service.js';
import type { Principal } from '../../accounts/principal.js';
import { hashToken } from '../../accounts/secret-token.js';
import { AppError } from '../../core/errors.js';
import { overlayEvents } from '../../core/overlay-kinds.js';
import type { PushedEvent } from '../../live/live-events.js';
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
    return grantOf(principal, token);
  };
}

function grantOf(principal: Principal, token: string | null): SocketGrant {
  switch (principal.kind) {
    case 'user':
      return { credential: `login:${principal.session.id}`, events: null };
    case 'key':
      return { credential: `key:${principal.key.id}`, events: null };
    case 'overlay': {
      // What its overlay shows, nothing more (the names are checked against the live event map here).
      const events: readonly PushedEvent[] = overlayEvents(principal.grant.overlay);
      // The secret is part of the name: a rotated token keeps its id, and the sockets opened with
      // its new secret must not be checked with the old one.
      return { credential: `overlay:${principal.grant.id}:${hashToken(token ?? '')}`, events };
    }
    case 'nobody':
      throw new SocketRefusal('LOGIN_REQUIRED', 'log in, or send a token');
  }
}
