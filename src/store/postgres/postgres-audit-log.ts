import type { AuditEntry, AuditLog, AuditQuery } from '../audit-log.port.js';
import { AUDIT_COLUMNS, auditValues, toAuditEntry, type AuditRow } from '../audit-row.js';
import { SYSTEM_SCHEMA } from './postgres-migrations.js';
import { quoteIdent, type PgPool } from './postgres-pool.js';
import { systemRows, type SystemRows } from './system-rows.js';

// Qualified names: system connections keep the pool's empty search path.
const S = quoteIdent(SYSTEM_SCHEMA);

/** The audit trail in the `sp_system` schema (a trigger refuses updates, deletes and truncation). */
export class PostgresAuditLog implements AuditLog {
  private readonly rows: SystemRows;

  /** `ready` resolves once the system schema is migrated (retried after a failure). */
  constructor(pool: PgPool, ready: () => Promise<void>) {
    this.rows = systemRows(pool, ready);
  }

  async appendAudit(e: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.rows(
      `INSERT INTO ${S}.audit_log (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      auditValues(e),
    );
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const rows = await this.rows<AuditRow>(
      `SELECT * FROM ${S}.audit_log WHERE ($1::text IS NULL OR profile_id = $1) AND id < $2
       ORDER BY id DESC LIMIT $3`,
      [query.profile ?? null, query.before ?? Number.MAX_SAFE_INTEGER, query.limit],
    );
    return rows.map(toAuditEntry);
  }
}
