import { sessionNotFound } from '../../core/errors.js';
import { MINUTE_MS } from '../../core/reduce.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { StoreEngine } from '../../store/ports.js';
import { buildSessionReport } from './session-report.builder.js';
import { defaultResolution, type Resolution, type SessionReport } from './session-report.js';

/**
 * Session reports, read from aggregates only (the session row and 1-minute rollups), so a report
 * costs the same however many events the profile holds.
 */
export class SessionReportService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: StoreEngine,
  ) {}

  /**
   * The report of session `id`, with timelines at `resolution` minutes (by default chosen from
   * the duration, see `defaultResolution`). Throws `NotFoundError` PROFILE_NOT_FOUND or
   * SESSION_NOT_FOUND.
   */
  async getReport(profile: string, id: number, resolution?: Resolution): Promise<SessionReport> {
    await this.profiles.get(profile);
    const store = await this.engine.openProfile(profile);
    const session = await store.getSession(id);
    if (!session) throw sessionNotFound(profile, id);
    const to = session.ended_at ?? session.last_event_at;
    const rollups = await store.listRollups({
      from: Math.floor(session.started_at / MINUTE_MS) * MINUTE_MS,
      to: Math.floor(to / MINUTE_MS) * MINUTE_MS + MINUTE_MS,
    });
    return buildSessionReport(session, rollups, resolution ?? defaultResolution(session.duration_ms));
  }
}
