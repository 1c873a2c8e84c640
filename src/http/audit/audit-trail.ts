import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditService } from '../../accounts/audit.service.js';
import type { AuditEntry } from '../../store/ports.js';
import { actorOf } from '../auth/request-actor.js';

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
export function installAuditTrail(app: FastifyInstance, deps: { audit: AuditService }): void {
  app.addHook('onResponse', (req, reply, done) => {
    if (isChange(req) && isRecorded(req, reply.statusCode)) {
      // The principal was read before the handler ran: a logout or a password change ends the login it came with.
      record(req, reply.statusCode, actorOf(req.principal), deps.audit).catch((err: unknown) =>
        req.log.error({ err, route: req.routeOptions.url }, 'audit entry not recorded'),
      );
    }
    done();
  });
}

function isChange(req: FastifyRequest): boolean {
  return Boolean(req.routeOptions.url) && CHANGES.has(req.method) && req.routeOptions.config.audit !== false;
}

function isRecorded(req: FastifyRequest, status: number): boolean {
  return status < 400 || (status === 401 && req.routeOptions.url === '/api/auth/login');
}

async function record(
  req: FastifyRequest,
  status: number,
  actor: AuditEntry['actor'],
  audit: AuditService,
): Promise<void> {
  const params = (req.params ?? {}) as Record<string, unknown>;
  await audit.record({
    actor,
    address: req.ip,
    profile: typeof params.profile === 'string' ? params.profile : null,
    action: `${req.method} ${req.routeOptions.url}`,
    details: { params, body: req.body ?? null },
    status,
  });
}
