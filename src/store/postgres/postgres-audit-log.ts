import type { AuditActorKind, AuditEntry, AuditLog, AuditQuery } from '../audit-log.port.js';
import { SYSTEM_SCHEMA } from './postgres-migrations.js';
import { quoteIdent, toStoreError, type PgPool } from './postgres-pool.js';

// Qualified names: system connections keep the pool's empty search path.
const S = quoteIdent(SYSTEM_SCHEMA);

interface AuditRow {
  id: string | number;
  at: number;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  address: string;
  profile_id: string | null;
  action: string;
  details: string;
  status: number;
}

/** The audit trail in the `sp_system` schema (a trigger refuses updates, deletes and truncation). */
export class PostgresAuditLog implements AuditLog {
  constructor(
    private readonly pool: PgPool,
    /** Resolves once the system schema is migrated (retried after a failure). */
    private readonly ready: () => Promise<void>,
  ) {}

  async appendAudit(e: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.rows(
      `INSERT INTO ${S}.audit_log (at, actor_kind, actor_id, actor_name, address, profile_id, action, details, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        e.at,
        e.actor.kind,
        e.actor.id,
        e.actor.name,
        e.address,
        e.profile,
        e.action,
        JSON.stringify(e.details),
        e.status,
      ],
    );
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const rows = await this.rows<AuditRow>(
      `SELECT * FROM ${S}.audit_log WHERE ($1::text IS NULL OR profile_id = $1) AND id < $2
       ORDER BY id DESC LIMIT $3`,
      [query.profile ?? null, query.before ?? Number.MAX_SAFE_INTEGER, query.limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: Number(r.at),
      actor: { kind: r.actor_kind as AuditActorKind, id: r.actor_id, name: r.actor_name },
      address: r.address,
      profile: r.profile_id,
      action: r.action,
      details: JSON.parse(r.details) as Record<string, unknown>,
      status: r.status,
    }));
  }

  private async rows<R extends object = Record<string, unknown>>(
    text: string,
    values: unknown[] = [],
  ): Promise<R[]> {
    await this.ready();
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (err) {
      throw toStoreError(err);
    }
  }
}
