/** Who made a change: a logged-in user, an API key, the command line, or nobody known. */
export type AuditActorKind = 'user' | 'key' | 'cli' | 'anonymous';

/** One recorded change. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: { kind: AuditActorKind; id: string | null; name: string | null };
  /** The address it came from (`cli` for the command line). */
  address: string;
  /** The profile it concerns, or null for a server-wide change. */
  profile: string | null;
  /** What was done, e.g. `POST /api/profiles/:profile/streams` or `user.create`. */
  action: string;
  /** What it named (path parameters) and what it set (the body, secrets left out). */
  details: Record<string, unknown>;
  /** The answer's HTTP status (201, 204, ...), or 0 outside HTTP. */
  status: number;
}

export interface AuditQuery {
  /** Only this profile's entries; all when absent. */
  profile?: string;
  /** Entries with `id < before`, for paging back. */
  before?: number;
  limit: number;
}

/** The audit trail: append-only (the engines refuse updates and deletes), newest first. */
export interface AuditLog {
  appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  listAudit(query: AuditQuery): Promise<AuditEntry[]>;
}
