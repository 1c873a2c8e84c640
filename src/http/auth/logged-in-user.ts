import type { FastifyRequest } from 'fastify';
import type { Authenticated } from '../../accounts/account.service.js';
import { UnauthorizedError } from '../../core/errors.js';

/**
 * The logged-in user a request comes from, as the access check found them (routes whose rule
 * lets only logins in: ANY_USER, ADMIN, OWN). Throws `UnauthorizedError` LOGIN_REQUIRED otherwise.
 */
export function loggedInUser(req: FastifyRequest): Authenticated {
  const principal = req.principal;
  if (principal.kind !== 'user')
    throw new UnauthorizedError('LOGIN_REQUIRED', 'log in first (POST /api/auth/login)');
  return { user: principal.user, session: principal.session };
}
