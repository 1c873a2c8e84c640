import type { AuditEntry, AuditLog, AuditQuery } from '../store/ports.js';

/** Fields whose values never reach the audit trail. */
const SECRET = /pass(word)?|secret|token|^key$|authorization|cookie/i;
/** Past this many characters of JSON, an entry's details are summarised instead. */
const MAX_DETAILS_CHARS = 8192;
const MAX_DEPTH = 6;

export type AuditRecord = Omit<AuditEntry, 'id' | 'at'>;

/**
 * The audit trail: who changed what, when and from where. Secrets in the details (passwords, webhook
 * secrets, tokens, keys) are replaced with `[redacted]`, and large details are summarised, so
 * the trail never becomes a copy of what it protects.
 */
export class AuditService {
  constructor(
    private readonly log: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  record(entry: AuditRecord): Promise<void> {
    return this.log.appendAudit({ ...entry, at: this.now(), details: bounded(redact(entry.details, 0)) });
  }

  list(query: AuditQuery): Promise<AuditEntry[]> {
    return this.log.listAudit(query);
  }
}

function redact(value: unknown, depth: number): Record<string, unknown> {
  return redactValue(value, depth) as Record<string, unknown>;
}

function redactValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested]';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET.test(k) && v !== null && v !== undefined ? '[redacted]' : redactValue(v, depth + 1);
  }
  return out;
}

function bounded(details: Record<string, unknown>): Record<string, unknown> {
  const chars = JSON.stringify(details).length;
  if (chars <= MAX_DETAILS_CHARS) return details;
  return { params: details.params, summary: `details of ${chars} characters left out` };
}
