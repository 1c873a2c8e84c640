import { sumClipTriggerFigures, type ClipTriggerFigures } from '../../core/clip-trigger-match.js';
import { streamNotFound, ValidationError } from '../../core/errors.js';
import { MINUTE_MS } from '../../core/reduce.js';
import type { SpikeSignal } from '../../core/spike-detector.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { ObsStore } from '../../store/obs-store.port.js';
import type { ClipStore, ProfileStores, SessionReads, SessionSummary } from '../../store/ports.js';
import { rangeIssues } from '../drivers/drivers-query.js';
import { reportWindow, type ReportWindow } from '../session-report/report-window.js';
import {
  replaySettings,
  type ClipTriggerQuery,
  type DetectorInForce,
  type TriggerSettingsReader,
} from './clip-trigger-query.js';
import { readObsReplayMoments } from './obs-replay-moments.js';
import { clipTriggerFigures } from './session-clip-moments.js';
import { checkPrecisionBounds, MAX_PRECISION_SESSIONS } from './precision-bounds.js';
import { nextSessionStart, readSessionClips, vodClipsUntil } from './session-clips.js';

const DAY_MS = 86_400_000;
/** The range looked at when none is named: the last 30 days. */
const DEFAULT_RANGE_MS = 30 * DAY_MS;
/** The platforms whose clips are tied to a stream of the profile (see ClipPushService). */
const CLIPPED_PLATFORMS: ReadonlySet<string> = new Set(['twitch']);

/** The sessions to look at: those started in `[from, to)` (epoch ms), of one stream or of every clipped one. */
export interface ClipTriggerRangeQuery extends ClipTriggerQuery {
  from?: number;
  to?: number;
  stream?: string;
}

/** One session's figures and the part of it replayed. */
export interface SessionClipTriggerFigures extends ClipTriggerFigures {
  /** Of the `clips`, the replay buffer saves OBS made. */
  obs_replays: number;
  session: number;
  stream: string;
  started_at: number;
  ended_at: number | null;
  window: ReportWindow;
}

/** How the triggers matched the clips over a range of sessions, per session and in total. */
export interface ClipTriggerPrecision {
  from: number;
  to: number;
  window_minutes: number;
  detectors: Record<SpikeSignal, DetectorInForce>;
  /** Oldest first. */
  sessions: SessionClipTriggerFigures[];
  /** All the sessions together: counts summed, shares of the sums. */
  total: ClipTriggerFigures & { obs_replays: number };
}

/**
 * The precision and recall of spike triggers against clips across sessions: for each session, the
 * detectors replayed over its stream's minutes (with the profile's settings or overrides) and its
 * clips placed on its timeline, as its session report does.
 */
export class ClipTriggersService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: ProfileStores<
      SessionReads & Pick<ClipStore, 'listStreamClips'> & Pick<ObsStore, 'obsRecordingsBetween'>
    >,
    private readonly triggerSettings: TriggerSettingsReader,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Throws `NotFoundError` PROFILE_NOT_FOUND or STREAM_NOT_FOUND, `ValidationError` for a range
   * that is empty or longer than 90 days, or RANGE_TOO_LARGE beyond the bounds of
   * `checkPrecisionBounds`.
   */
  async getPrecision(profile: string, query: ClipTriggerRangeQuery): Promise<ClipTriggerPrecision> {
    const to = query.to ?? this.now();
    const from = query.from ?? to - DEFAULT_RANGE_MS;
    const issues = rangeIssues(from, to);
    if (issues.length > 0) throw new ValidationError('the range of sessions is invalid', issues);
    const streams = await this.streamsOf(profile, query.stream);
    const settings = replaySettings(await this.triggerSettings.read(profile), query);
    const store = await this.engine.openProfile(profile);
    const windows = Object.values(settings.detectors).reduce((sum, d) => sum + d.windowSize, 0);
    const sessions = await this.sessionsIn(store, streams, { from, to }, windows);
    const results: SessionClipTriggerFigures[] = [];
    for (const [i, session] of sessions.entries()) {
      const window = reportWindow(session, {});
      const later = sessions.slice(i + 1).find((s) => s.stream === session.stream);
      const until = vodClipsUntil(session, later ? later.started_at : await nextSessionStart(store, session));
      const clips = await readSessionClips(store, session, window, until);
      const rollups = await store.listRollups({
        stream: session.stream,
        from: Math.floor(window.from / MINUTE_MS) * MINUTE_MS,
        to: Math.floor(window.to / MINUTE_MS) * MINUTE_MS + MINUTE_MS,
      });
      const replays = await readObsReplayMoments(store, window);
      const { figures } = clipTriggerFigures(rollups, clips, settings, replays);
      results.push({
        session: session.id,
        stream: session.stream,
        started_at: session.started_at,
        ended_at: session.ended_at,
        window,
        ...figures,
      });
    }
    return {
      from,
      to,
      window_minutes: settings.windowMinutes,
      detectors: settings.inForce,
      sessions: results,
      total: {
        ...sumClipTriggerFigures(results),
        obs_replays: results.reduce((n, r) => n + r.obs_replays, 0),
      },
    };
  }

  /** The streams looked at: the one named, or every stream of a platform whose clips are tied to it. */
  private async streamsOf(profile: string, named: string | undefined): Promise<string[]> {
    const streams = await this.profiles.listStreams(profile);
    if (named === undefined) return streams.filter((s) => CLIPPED_PLATFORMS.has(s.platform)).map((s) => s.id);
    if (!streams.some((s) => s.id === named)) throw streamNotFound(profile, named);
    return [named];
  }

  /**
   * The sessions of `streams` started in `[from, to)`, oldest first, within the bounds (`windows`:
   * the baseline windows of the detectors replayed, summed).
   */
  private async sessionsIn(
    store: Pick<SessionReads, 'listSessions'>,
    streams: readonly string[],
    { from, to }: { from: number; to: number },
    windows: number,
  ): Promise<SessionSummary[]> {
    const sessions: SessionSummary[] = [];
    for (const stream of streams) {
      const newestFirst = await store.listSessions({ stream, before: to, limit: MAX_PRECISION_SESSIONS + 1 });
      sessions.push(...newestFirst.filter((s) => s.started_at >= from));
    }
    const minutes = sessions.reduce((sum, s) => {
      const window = reportWindow(s, {});
      return sum + (window.to - window.from) / MINUTE_MS;
    }, 0);
    checkPrecisionBounds(sessions.length, minutes, windows);
    return sessions.sort((a, b) => a.started_at - b.started_at || a.id - b.id);
  }
}
