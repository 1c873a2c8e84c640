import type { UsageDay, UsageStore } from '../usage-store.port.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Daily usage in the embedded engine's system database. */
export class SqliteUsageStore implements UsageStore {
  constructor(private readonly db: SqliteDatabase) {}

  addUsage(rows: readonly UsageDay[]): Promise<void> {
    const add = this.db.prepare(
      `INSERT INTO usage_daily (profile_id, day, events, bytes, requests, clips)
       SELECT @profile, @day, @events, @bytes, @requests, @clips
       WHERE EXISTS (SELECT 1 FROM profiles WHERE id = @profile)
       ON CONFLICT (profile_id, day) DO UPDATE SET events = events + excluded.events,
         bytes = bytes + excluded.bytes, requests = requests + excluded.requests,
         clips = clips + excluded.clips`,
    );
    this.db.transaction(() => {
      for (const row of rows) add.run(row);
    })();
    return Promise.resolve();
  }

  listUsage(profile: string, from: string, to: string): Promise<UsageDay[]> {
    return Promise.resolve(
      this.db
        .prepare(
          `SELECT profile_id AS profile, day, events, bytes, requests, clips FROM usage_daily
           WHERE profile_id = ? AND day >= ? AND day <= ? ORDER BY day`,
        )
        .all(profile, from, to) as UsageDay[],
    );
  }
}
