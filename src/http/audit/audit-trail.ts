import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountService } from '../../accounts/account.service.js';
import type { AuditService } from '../../accounts/audit.service.js';
import type { ApiKeyService } from '../../profiles/api-key.service.js';
import type { AuditEntry } from '../../store/ports.js';
import { requestActor } from '../auth/request-actor.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False for a route whose requests are data, not changes (pushing events). */
    audit?: boolean;
  }
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Records every change made over HTTP in the audit trail once it is answered: who (login, key or
 * nobody known), from where, the route, its parameters and body (secrets redacted by the
 * service), and the status. Changes that were refused are not recorded, except failed logins.
 * A failure to record is logged, never turned into a failed request.
 */
export function installAuditTrail(app: FastifyInstance, deps: AuditDeps): void {
  // Who acts is read before the handler runs: a logout or a password change ends the login it came with.
  const actors = new WeakMap<FastifyRequest, Promise<AuditEntry['actor']>>();
  app.addHook('preHandler', (req, _reply, done) => {
    if (isChange(req)) {
      const actor = requestActor(req, deps);
      actor.catch(() => undefined);
      actors.set(req, actor);
    }
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const actor = actors.get(req);
    if (actor && isRecorded(req, reply.statusCode)) {
      record(req, reply.statusCode, actor, deps.audit).catch((err: unknown) =>
        req.log.error({ err, route: req.routeOptions.url }, 'audit entry not recorded'),
      );
    }
    done();
  });
}

type AuditDeps = { audit: AuditService; accounts: AccountService; apiKeys: ApiKeyService };

function isChange(req: FastifyRequest): boolean {
  return Boolean(req.routeOptions.url) && CHANGES.has(req.method) && req.routeOptions.config.audit !== false;
}

function isRecorded(req: FastifyRequest, status: number): boolean {
  return status < 400 || (status === 401 && req.routeOptions.url === '/api/auth/login');
}

async function record(
  req: FastifyRequest,
  status: number,
  actor: Promise<AuditEntry['actor']>,
  audit: AuditService,
): Promise<void> {
  const params = (req.params ?? {}) as Record<string, unknown>;
  await audit.record({
    actor: await actor,
    address: req.ip,
    profile: typeof params.profile === 'string' ? params.profile : null,
    action: `${req.method} ${req.routeOptions.url}`,
    details: { params, body: req.body ?? null },
    status,
  });
}
