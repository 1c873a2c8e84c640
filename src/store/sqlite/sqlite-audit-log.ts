import type Database from 'better-sqlite3';
import type { AuditActorKind, AuditEntry, AuditLog, AuditQuery } from '../audit-log.port.js';
import type { SqliteDatabase } from './sqlite-database.js';

interface AuditRow {
  id: number;
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

const toAuditEntry = (r: AuditRow): AuditEntry => ({
  id: Number(r.id),
  at: Number(r.at),
  actor: { kind: r.actor_kind as AuditActorKind, id: r.actor_id, name: r.actor_name },
  address: r.address,
  profile: r.profile_id,
  action: r.action,
  details: JSON.parse(r.details) as Record<string, unknown>,
  status: r.status,
});

/** The audit trail in the embedded engine's system database (triggers refuse updates and deletes). */
export class SqliteAuditLog implements AuditLog {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: SqliteDatabase) {}

  appendAudit(e: Omit<AuditEntry, 'id'>): Promise<void> {
    this.sql(
      `INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, address, profile_id, action, details, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
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
    const rows = this.sql(
      `SELECT * FROM audit_log WHERE (@profile IS NULL OR profile_id = @profile) AND id < @before
       ORDER BY id DESC LIMIT @limit`,
    ).all({
      profile: query.profile ?? null,
      before: query.before ?? Number.MAX_SAFE_INTEGER,
      limit: query.limit,
    }) as AuditRow[];
    return Promise.resolve(rows.map(toAuditEntry));
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}
