import { sessionNotFound } from '../../core/errors.js';
import { MINUTE_MS } from '../../core/reduce.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { ProfileStores, SessionReads } from '../../store/ports.js';
import { buildSessionReport } from './session-report.builder.js';
import type { Resolution, SessionReport } from './session-report.js';
import { checkReportRollups, MAX_REPORT_ROLLUPS, reportResolution, reportWindow } from './report-window.js';

/** What a report is asked for: its timeline resolution and the part of the session (epoch ms). */
export interface ReportQuery {
  resolution?: Resolution;
  from?: number;
  to?: number;
}

/**
 * Session reports, read from aggregates only (the session row and 1-minute rollups), so a report
 * costs the same however many events the profile holds.
 */
export class SessionReportService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: ProfileStores<SessionReads>,
  ) {}

  /**
   * The report of session `id` over a window of it (see `reportWindow`), with timelines at the
   * resolution asked for or chosen (see `reportResolution`). Bounded whatever the session: at most
   * 7 days, `MAX_TIMELINE_BUCKETS` buckets a timeline and `MAX_REPORT_ROLLUPS` rollups read.
   * Throws `NotFoundError` PROFILE_NOT_FOUND or SESSION_NOT_FOUND, `ValidationError` for a window
   * or resolution out of those bounds.
   */
  async getReport(profile: string, id: number, query: ReportQuery = {}): Promise<SessionReport> {
    await this.profiles.get(profile);
    const store = await this.engine.openProfile(profile);
    const session = await store.getSession(id);
    if (!session) throw sessionNotFound(profile, id);
    const window = reportWindow(session, query);
    const resolution = reportResolution(window, query.resolution);
    const rollups = await store.listRollups({
      from: Math.floor(window.from / MINUTE_MS) * MINUTE_MS,
      to: Math.floor(window.to / MINUTE_MS) * MINUTE_MS + MINUTE_MS,
      limit: MAX_REPORT_ROLLUPS + 1,
    });
    checkReportRollups(rollups.length);
    return buildSessionReport(session, rollups, resolution, window);
  }
}
