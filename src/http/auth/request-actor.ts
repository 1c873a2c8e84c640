import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../accounts/principal.js';
import type { AuditEntry } from '../../store/ports.js';

/** The key in `Authorization: Bearer <key>`, if any. */
export function bearerToken(req: FastifyRequest): string | null {
  return bearerOf(req.headers.authorization);
}

/** The token of an `Authorization: Bearer <token>` header's value, if it is one. */
export function bearerOf(header: string | undefined): string | null {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** Who a principal is, as the audit trail names them: a logged-in user, a key or token, or nobody known. */
export function actorOf(principal: Principal | null): AuditEntry['actor'] {
  switch (principal?.kind) {
    case 'user':
      return { kind: 'user', id: principal.user.id, name: principal.user.name };
    case 'key':
      return { kind: 'key', id: principal.key.id, name: principal.key.name };
    case 'overlay':
      return { kind: 'key', id: principal.grant.id, name: `overlay token` };
    default:
      return { kind: 'anonymous', id: null, name: null };
  }
}
