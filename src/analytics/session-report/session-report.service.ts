import { sessionNotFound } from '../../core/errors.js';
import { MINUTE_MS } from '../../core/reduce.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { ObsStore } from '../../store/obs-store.port.js';
import type { ClipStore, ProfileStores, SessionReads } from '../../store/ports.js';
import {
  replaySettings,
  type ClipTriggerQuery,
  type TriggerSettingsReader,
} from '../clip-moments/clip-trigger-query.js';
import { readObsReplayMoments } from '../clip-moments/obs-replay-moments.js';
import { describeSessionClips, type SessionClipMoments } from '../clip-moments/session-clip-moments.js';
import { nextSessionStart, readSessionClips, vodClipsUntil } from '../clip-moments/session-clips.js';
import { buildSessionReport } from './session-report.builder.js';
import type { Resolution, SessionReport } from './session-report.js';
import { checkReportRollups, MAX_REPORT_ROLLUPS, reportResolution, reportWindow } from './report-window.js';

/** What a report is asked for: its timeline resolution, the part of the session (epoch ms), and how clips are matched with triggers. */
export interface ReportQuery {
  resolution?: Resolution;
  from?: number;
  to?: number;
  clipTriggers?: ClipTriggerQuery;
}

const DEFAULT_TRIGGER_SETTINGS: TriggerSettingsReader = { read: () => Promise.resolve({}) };

/**
 * Session reports, read from aggregates only (the session row and 1-minute rollups), so a report
 * costs the same however many events the profile holds, and the session's clips.
 */
export class SessionReportService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: ProfileStores<
      SessionReads & Pick<ClipStore, 'listStreamClips'> & Pick<ObsStore, 'obsRecordingsBetween'>
    >,
    private readonly triggerSettings: TriggerSettingsReader = DEFAULT_TRIGGER_SETTINGS,
  ) {}

  /**
   * The report of session `id` over a window of it (see `reportWindow`), with timelines at the
   * resolution asked for or chosen (see `reportResolution`), the clips placed in the window, and
   * how the spike triggers (replayed over the session's stream with the profile's settings and
   * any overrides) matched them. Bounded whatever the session: at most 7 days,
   * `MAX_TIMELINE_BUCKETS` buckets a timeline and `MAX_REPORT_ROLLUPS` rollups read.
   * Throws `NotFoundError` PROFILE_NOT_FOUND or SESSION_NOT_FOUND, `ValidationError` for a window
   * or resolution out of those bounds.
   */
  async getReport(
    profile: string,
    id: number,
    query: ReportQuery = {},
  ): Promise<SessionReport & SessionClipMoments> {
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
    const until = vodClipsUntil(session, await nextSessionStart(store, session));
    const clips = await readSessionClips(store, session, window, until);
    const settings = replaySettings(await this.triggerSettings.read(profile), query.clipTriggers ?? {});
    const own = rollups.filter((r) => r.stream === session.stream);
    const replays = await readObsReplayMoments(store, window);
    return {
      ...buildSessionReport(session, rollups, resolution, window),
      ...describeSessionClips(own, clips, settings, replays),
    };
  }
}
