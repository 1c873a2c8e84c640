import { ConflictError, sessionNotFound, ValidationError } from '../../core/errors.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { ProfileStores, SessionAnalysisStore, SessionReads, SessionSummary } from '../../store/ports.js';

/** What the drivers read and keep: sessions, their rollups and the stored analyses. */
type DriversStore = SessionReads & SessionAnalysisStore;
import { MINUTE_MS } from '../../core/reduce.js';
import { buildDriverSeries, DRIVER_ROLLUP_FIELDS } from './driver-series.js';
import { analyzeDrivers } from './drivers.analysis.js';
import { DEFAULT_MAX_LAG, maxLagIssues, rangeIssues } from './drivers-query.js';
import { driversResultSchema, type DriverActivity, type DriversResult } from './drivers-result.schema.js';
import { MAX_REPORT_WINDOW_MS } from '../session-report/report-window.js';

/** The stored analysis kind of results with the default lags; the one trends read. */
export const DRIVERS_KIND = 'drivers';

export interface DriversRangeQuery {
  from: number;
  to: number;
  /** Omitted: every stream of the profile combined. */
  stream?: string;
  maxLag?: number;
}

/** One finished session's stored result, reduced to what a trend across sessions shows. */
export interface DriversTrendEntry {
  session_id: number;
  started_at: number;
  computed_at: number;
  status: DriversResult['status'];
  n: number;
  r2: number | null;
  verdict: string;
  drivers: {
    activity: DriverActivity;
    best_lag_minutes: number | null;
    coefficient: number | null;
    significant: boolean;
  }[];
}

/**
 * Drivers of viewer change (see drivers.analysis.ts) over a session or a date range, read from
 * the 1-minute rollups. A finished session's result is stored, per `max_lag`, and served from
 * there; a live session's is computed afresh, without its still incomplete current minute.
 */
export class DriversService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: ProfileStores<DriversStore>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws PROFILE_NOT_FOUND, SESSION_NOT_FOUND, or VALIDATION_FAILED for a bad `maxLag`. */
  async forSession(
    profile: string,
    sessionId: number,
    options: { maxLag?: number } = {},
  ): Promise<DriversResult> {
    const maxLag = checkMaxLag(options.maxLag ?? DEFAULT_MAX_LAG);
    const store = await this.openProfile(profile);
    const session = await findSession(store, profile, sessionId);
    if (session.ended_at === null) return this.computeSession(store, session, maxLag);
    const stored = await store.getSessionAnalysis(sessionId, kindFor(maxLag));
    const parsed = stored ? driversResultSchema.safeParse(stored.result) : null;
    if (parsed?.success && parsed.data.max_lag === maxLag) return parsed.data;
    return this.computeAndStore(store, session, maxLag);
  }

  /**
   * Computes and stores a finished session's result with the default lags (replacing any stored
   * one): call it when a session ends. Throws SESSION_STILL_LIVE if it has not.
   */
  async storeFinished(profile: string, sessionId: number): Promise<DriversResult> {
    const store = await this.openProfile(profile);
    const session = await findSession(store, profile, sessionId);
    if (session.ended_at === null) {
      throw new ConflictError('SESSION_STILL_LIVE', `session ${sessionId} has not ended yet`);
    }
    return this.computeAndStore(store, session, DEFAULT_MAX_LAG);
  }

  /**
   * Over `[from, to)`, of one stream or all combined. Throws VALIDATION_FAILED listing every
   * problem (from not before to, more than 90 days, bad max_lag), PROFILE_NOT_FOUND or
   * STREAM_NOT_FOUND.
   */
  async forRange(profile: string, query: DriversRangeQuery): Promise<DriversResult> {
    const maxLag = query.maxLag ?? DEFAULT_MAX_LAG;
    const issues = [...rangeIssues(query.from, query.to), ...maxLagIssues(maxLag)];
    if (issues.length > 0) throw new ValidationError('the drivers query is invalid', issues);
    if (query.stream === undefined) await this.profiles.get(profile);
    else await this.profiles.getStream(profile, query.stream);
    const store = await this.engine.openProfile(profile);
    return compute(store, { from: query.from, to: query.to, stream: query.stream ?? null, maxLag });
  }

  /** Stored results of finished sessions (default lags), newest session first, at most `limit`. */
  async trend(profile: string, limit: number): Promise<DriversTrendEntry[]> {
    const store = await this.openProfile(profile);
    const entries: DriversTrendEntry[] = [];
    for (const a of await store.listSessionAnalyses(DRIVERS_KIND, limit)) {
      // A result stored by an older version with another shape is left out, not guessed at.
      const parsed = driversResultSchema.safeParse(a.result);
      if (parsed.success) entries.push(toTrendEntry(a.session_id, a.computed_at, parsed.data));
    }
    return entries;
  }

  private async openProfile(profile: string): Promise<DriversStore> {
    await this.profiles.get(profile);
    return this.engine.openProfile(profile);
  }

  private computeSession(
    store: DriversStore,
    session: SessionSummary,
    maxLag: number,
  ): Promise<DriversResult> {
    // A live session stops before the current minute: its counts and last reading are not final.
    const to =
      session.ended_at === null
        ? Math.floor(this.now() / MINUTE_MS) * MINUTE_MS
        : Math.floor(session.ended_at / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    // A session longer than a report's window is analysed over its last part, like its report.
    const from = Math.max(session.started_at, to - MAX_REPORT_WINDOW_MS);
    return compute(store, { from, to, stream: session.stream, maxLag });
  }

  private async computeAndStore(
    store: DriversStore,
    session: SessionSummary,
    maxLag: number,
  ): Promise<DriversResult> {
    const result = await this.computeSession(store, session, maxLag);
    await store.putSessionAnalysis({
      session_id: session.id,
      kind: kindFor(maxLag),
      computed_at: this.now(),
      result,
    });
    return result;
  }
}

/** The most stream-minutes (1-minute rollups of every stream) one analysis reads. */
export const MAX_DRIVER_ROLLUPS = 60_000;

async function compute(
  store: DriversStore,
  window: { from: number; to: number; stream: string | null; maxLag: number },
): Promise<DriversResult> {
  const first = Math.floor(window.from / MINUTE_MS) * MINUTE_MS;
  const rollups = await store.rollupColumns({
    ...(window.stream === null ? {} : { stream: window.stream }),
    from: first - window.maxLag * MINUTE_MS,
    to: Math.max(window.to, first),
    limit: MAX_DRIVER_ROLLUPS + 1,
    fields: DRIVER_ROLLUP_FIELDS,
  });
  if (rollups.minute.length > MAX_DRIVER_ROLLUPS) {
    throw new ValidationError(
      'the range holds too many stream-minutes to analyse at once',
      [
        {
          field: 'querystring.to',
          message: `holds more than ${MAX_DRIVER_ROLLUPS} stream-minutes: name one stream or a shorter range`,
        },
      ],
      'RANGE_TOO_LARGE',
    );
  }
  return analyzeDrivers(buildDriverSeries(rollups, window, window.maxLag), window);
}

async function findSession(store: DriversStore, profile: string, id: number): Promise<SessionSummary> {
  const session = await store.getSession(id);
  if (!session) throw sessionNotFound(profile, id);
  return session;
}

/** Results with other lags are stored under their own kind, so trends compare like with like. */
function kindFor(maxLag: number): string {
  return maxLag === DEFAULT_MAX_LAG ? DRIVERS_KIND : `${DRIVERS_KIND}.max_lag_${maxLag}`;
}

function checkMaxLag(maxLag: number): number {
  const issues = maxLagIssues(maxLag);
  if (issues.length > 0) throw new ValidationError('the drivers query is invalid', issues);
  return maxLag;
}

function toTrendEntry(sessionId: number, computedAt: number, r: DriversResult): DriversTrendEntry {
  return {
    session_id: sessionId,
    started_at: r.from,
    computed_at: computedAt,
    status: r.status,
    n: r.n,
    r2: r.r2,
    verdict: r.verdict,
    drivers: r.drivers.map((d) => ({
      activity: d.activity,
      best_lag_minutes: d.best_lag_minutes,
      coefficient: d.coefficient,
      significant: d.significant,
    })),
  };
}
