import type { IncomingMessage } from 'node:http';
import { PUSH } from '../accounts/access-rule.js';
import type { AccessService } from '../accounts/access.service.js';
import type { Principal } from '../accounts/principal.js';
import { ValidationError } from '../core/errors.js';
import { loginTokenOfCookies } from './auth/login-cookie.js';
import { bearerOf } from './auth/request-actor.js';
import type { IngestGrant } from './ingest-socket-registry.js';

/**
 * Who may open /ingest, held to the PUSH rule like `POST /api/profiles/:profile/events`: an API
 * key with the `ingest` scope (`Authorization: Bearer <key>`, or `?key=` where headers cannot be
 * set), which pushes to its own profile (and to its one stream, when bound to one), or a login
 * with the editor role or higher (the login cookie of the upgrade request) that names the profile
 * in `?profile=`. A bearer token is tried first, as on HTTP. Throws the AppError an HTTP request
 * would get (401 LOGIN_REQUIRED or TOKEN_INVALID, 403 KEY_SCOPE_MISSING or ROLE_TOO_LOW, 404
 * PROFILE_NOT_FOUND), or 400 PROFILE_REQUIRED for a login that names no profile.
 */
export async function authorizeIngestSocket(
  access: AccessService,
  req: IncomingMessage,
  url: URL,
): Promise<IngestGrant> {
  const bearer = bearerOf(req.headers.authorization) ?? (url.searchParams.get('key') || null);
  const principal = await access.identify({ login: loginTokenOfCookies(req.headers.cookie), bearer });
  const profile = url.searchParams.get('profile') || ownProfile(principal);
  if (profile === null && principal.kind === 'user') {
    throw new ValidationError(
      'name the profile to push to: /ingest?profile=<id>',
      [{ field: 'query.profile', message: 'is required when pushing with a login' }],
      'PROFILE_REQUIRED',
    );
  }
  await access.check(principal, PUSH, profile ?? '');
  if (principal.kind === 'key') return { kind: 'key', key: principal.key };
  if (principal.kind === 'user' && profile !== null) {
    return { kind: 'login', profile, token: loginTokenOfCookies(req.headers.cookie)! };
  }
  // The PUSH rule lets in nothing else; a check that did is a defect, not a client's mistake.
  throw new Error(`the PUSH rule let a ${principal.kind} principal open /ingest`);
}

/** The profile a token belongs to (a key's, an overlay token's), or null for a login or nobody. */
function ownProfile(principal: Principal): string | null {
  switch (principal.kind) {
    case 'key':
      return principal.key.profile;
    case 'overlay':
      return principal.grant.profile;
    case 'user':
    case 'nobody':
      return null;
  }
}
