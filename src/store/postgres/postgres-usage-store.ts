import type { UsageDay, UsageStore } from '../usage-store.port.js';
import { SYSTEM_SCHEMA } from './postgres-migrations.js';
import { quoteIdent, type PgPool } from './postgres-pool.js';
import { systemRows, type SystemRows } from './system-rows.js';

// Qualified names: system connections keep the pool's empty search path.
const S = quoteIdent(SYSTEM_SCHEMA);

/** Daily usage in the `sp_system` schema. */
export class PostgresUsageStore implements UsageStore {
  private readonly rows: SystemRows;

  /** `ready` resolves once the system schema is migrated (retried after a failure). */
  constructor(pool: PgPool, ready: () => Promise<void>) {
    this.rows = systemRows(pool, ready);
  }

  async addUsage(rows: readonly UsageDay[]): Promise<void> {
    if (rows.length === 0) return;
    await this.rows(
      `INSERT INTO ${S}.usage_daily (profile_id, day, events, bytes, requests, clips)
       SELECT r.profile, r.day, r.events, r.bytes, r.requests, r.clips
       FROM jsonb_to_recordset($1::jsonb)
         AS r(profile text, day text, events bigint, bytes bigint, requests bigint, clips bigint)
       WHERE EXISTS (SELECT 1 FROM ${S}.profiles p WHERE p.id = r.profile)
       ON CONFLICT (profile_id, day) DO UPDATE SET events = usage_daily.events + excluded.events,
         bytes = usage_daily.bytes + excluded.bytes, requests = usage_daily.requests + excluded.requests,
         clips = usage_daily.clips + excluded.clips`,
      [JSON.stringify(rows)],
    );
  }

  async listUsage(profile: string, from: string, to: string): Promise<UsageDay[]> {
    const rows = await this.rows<UsageDay>(
      `SELECT profile_id AS profile, day, events, bytes, requests, clips FROM ${S}.usage_daily
       WHERE profile_id = $1 AND day >= $2 AND day <= $3 ORDER BY day`,
      [profile, from, to],
    );
    return rows.map((r) => ({
      ...r,
      events: Number(r.events),
      bytes: Number(r.bytes),
      requests: Number(r.requests),
      clips: Number(r.clips),
    }));
  }
}
