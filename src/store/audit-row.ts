import type { AuditActorKind, AuditEntry } from './audit-log.port.js';

/** An audit entry as both engines store it (`details` as JSON text, numbers maybe as text). */
export interface AuditRow {
  id: string | number;
  at: string | number;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  address: string;
  profile_id: string | null;
  action: string;
  details: string;
  status: number;
}

export const toAuditEntry = (r: AuditRow): AuditEntry => ({
  id: Number(r.id),
  at: Number(r.at),
  actor: { kind: r.actor_kind as AuditActorKind, id: r.actor_id, name: r.actor_name },
  address: r.address,
  profile: r.profile_id,
  action: r.action,
  details: JSON.parse(r.details) as Record<string, unknown>,
  status: r.status,
});

/** The columns an entry is inserted with, in order, and their values. */
export const AUDIT_COLUMNS =
  'at, actor_kind, actor_id, actor_name, address, profile_id, action, details, status';

export const auditValues = (e: Omit<AuditEntry, 'id'>): (string | number | null)[] => [
  e.at,
  e.actor.kind,
  e.actor.id,
  e.actor.name,
  e.address,
  e.profile,
  e.action,
  JSON.stringify(e.details),
  e.status,
];
