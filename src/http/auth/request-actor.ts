import type { FastifyRequest } from 'fastify';
import type { AccountService } from '../../accounts/account.service.js';
import type { ApiKeyService } from '../../profiles/api-key.service.js';
import type { AuditEntry } from '../../store/ports.js';
import { loginToken } from './login-cookie.js';

/** The key in `Authorization: Bearer <key>`, if any. */
export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** Who a request comes from, as the audit trail names them: a logged-in user, a key, or nobody known. */
export async function requestActor(
  req: FastifyRequest,
  deps: { accounts: AccountService; apiKeys: ApiKeyService },
): Promise<AuditEntry['actor']> {
  const token = loginToken(req);
  const login = token ? await deps.accounts.authenticate(token) : null;
  if (login) return { kind: 'user', id: login.user.id, name: login.user.name };
  const bearer = bearerToken(req);
  const key = bearer ? await deps.apiKeys.authenticate(bearer) : null;
  if (key) return { kind: 'key', id: key.id, name: key.name };
  return { kind: 'anonymous', id: null, name: null };
}
