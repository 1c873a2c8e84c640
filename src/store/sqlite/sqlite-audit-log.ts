import type { AuditEntry, AuditLog, AuditQuery } from '../audit-log.port.js';
import { toAuditEntry, type AuditRow } from '../audit-row.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './statement-cache.js';

/** The audit trail in the embedded engine's system database (triggers refuse updates and deletes). */
export class SqliteAuditLog implements AuditLog {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  appendAudit(e: Omit<AuditEntry, 'id'>): Promise<void> {
    this.statements
      .get(
        `INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, address, profile_id, action, details, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.at,
        e.actor.kind,
        e.actor.id,
        e.actor.name,
        e.address,
        e.profile,
        e.action,
        JSON.stringify(e.details),
        e.status,
      );
    return Promise.resolve();
  }

  listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const rows = this.statements
      .get(
        `SELECT * FROM audit_log WHERE (@profile IS NULL OR profile_id = @profile) AND id < @before
       ORDER BY id DESC LIMIT @limit`,
      )
      .all({
        profile: query.profile ?? null,
        before: query.before ?? Number.MAX_SAFE_INTEGER,
        limit: query.limit,
      }) as AuditRow[];
    return Promise.resolve(rows.map(toAuditEntry));
  }
}
