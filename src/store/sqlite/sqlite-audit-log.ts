import type { AuditEntry, AuditLog, AuditQuery } from '../audit-log.port.js';
import { AUDIT_COLUMNS, auditValues, toAuditEntry, type AuditRow } from '../audit-row.js';
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
      .get(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(...auditValues(e));
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
