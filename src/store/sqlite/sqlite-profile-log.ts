import { emptyState, foldState, type ReduceOptions } from '../../core/reduce.js';
import type { AggregateState } from '../../core/aggregates.js';
import type { StoredEvent } from '../../core/live-event.js';
import { decodeForFold, unpackEvents, type PackedEvents } from './event-columns.js';
import { toStoredEvent } from '../../core/live-event.js';
import { voidEvent, type VoidRequest, type VoidTarget } from '../../core/void-target.js';
import type { ClipUpsert, ClipUpsertResult, ClipViewReading, SessionAnalysis, StoredClip } from '../ports.js';
import type { ClipPlatform } from '../../core/clip-link.js';
import type { ClipPeriod } from '../../core/clip-periods.js';
import type { ClipDue, ClipReactionChange, ClipShare } from '../clip-store.port.js';
import type {
  ClipCreatorStats,
  ClipGameStats,
  ClipOverviewStats,
  ClipPeriodKey,
} from '../clip-analytics.port.js';
import type { ClipPeakRow, ClipSums } from '../clip-aggregates.js';
import type { ClipAggregateSnapshot } from '../clip-aggregate-snapshot.js';
import { SqliteClips } from './sqlite-clips.js';
import { SqliteClipAnalytics } from './sqlite-clip-analytics.js';
import {
  openSqliteDatabase,
  setPageBudget,
  type SqliteDatabase,
  type SqliteSync,
} from './sqlite-database.js';
import { SqliteEventLog } from './sqlite-event-log.js';
import { SqliteRetentionLog } from './sqlite-retention-log.js';
import type { RetentionRun, RetentionRunStart } from '../retention.port.js';
import { SqliteObs } from './sqlite-obs.js';
import type { ObsHealthRow } from '../obs-rows.js';
import type { ObsFileKind, ObsOutputFile } from '../../core/obs-readings.js';
import type { ObsHealthMinute, ObsRecording } from '../obs-store.port.js';

export type ProfileLogOptions = ReduceOptions & { sync: SqliteSync };

/** What an append answers: each event's seq (null for a duplicate) and the hot state after it. */
export interface AppendOutcome {
  seqs: (number | null)[];
  state: AggregateState;
}

type AnalysisRow = Omit<SessionAnalysis, 'result'> & { result: string };

/** What the main thread may ask of a profile's log (see SqliteStorage). */
export type ProfileLogOps = Pick<
  SqliteProfileLog,
  | 'append'
  | 'countVoidable'
  | 'voidEvents'
  | 'listEvents'
  | 'listRecentTriggers'
  | 'putSessionAnalysis'
  | 'getSessionAnalysis'
  | 'listSessionAnalyses'
  | 'upsertClips'
  | 'listClips'
  | 'listClipViews'
  | 'recordClipShares'
  | 'listClipShares'
  | 'forgetClipShareMessages'
  | 'applyClipReactions'
  | 'clipsDueForRefresh'
  | 'sharedUnknownClips'
  | 'markClipsRead'
  | 'listStreamClips'
  | 'viralClips'
  | 'clipOverview'
  | 'topClipCreators'
  | 'topClipGames'
  | 'clipTimeline'
  | 'clipPeakTimes'
  | 'rebuildClipAggregates'
  | 'checkClipAggregates'
  | 'beginRetentionRun'
  | 'deleteRetainedSlice'
  | 'listRetentionRuns'
  | 'addObsHealth'
  | 'obsHealthBetween'
  | 'addObsRecording'
  | 'obsRecordingsBetween'
  | 'cacheKiB'
>;

/**
 * One profile's event log, owned by the log thread (ADR 0007): a batch is one transaction of
 * inserts (a repeated source id on a stream is ignored), and the hot state (stats and open
 * sessions, what live pushes and goals read) is folded from the stored events before the commit
 * and adopted after it. The other aggregates are built from the same events on the aggregates
 * thread.
 */
export class SqliteProfileLog {
  private readonly log: SqliteEventLog;
  private readonly clips: SqliteClips;
  private readonly clipAnalytics: SqliteClipAnalytics;
  private readonly retention: SqliteRetentionLog;
  private readonly obs: SqliteObs;

  private constructor(
    private readonly db: SqliteDatabase,
    private state: AggregateState,
    private readonly options: ProfileLogOptions,
  ) {
    this.log = new SqliteEventLog(db);
    this.clips = new SqliteClips(db);
    this.clipAnalytics = new SqliteClipAnalytics(db, this.clips.aggregates);
    this.retention = new SqliteRetentionLog(db);
    this.obs = new SqliteObs(db);
  }

  /**
   * Opens (creating and migrating if need be) a profile's log. Its hot state is adopted next
   * (`adoptState`), folded from the log by the aggregates thread, before any append.
   */
  static open(file: string, options: ProfileLogOptions): SqliteProfileLog {
    return new SqliteProfileLog(openSqliteDatabase(file, 'profile', options.sync), emptyState(), options);
  }

  /** The highest seq in the log (0 when empty). */
  lastSeq(): number {
    return this.log.lastSeq();
  }

  /** Stores the batch in one transaction (see SqliteEventLog.append). */
  append(packed: PackedEvents): AppendOutcome {
    const events = unpackEvents(packed);
    const { seqs, state } = this.db.transaction(() => {
      const seqs = this.log.append(events);
      const stored = decodeForFold(events, seqs, false);
      // Folded before the commit, so a batch that cannot be folded is not stored either.
      const state = stored.length > 0 ? foldState(this.state, stored, this.options) : null;
      return { seqs, state };
    })();
    if (state) this.state = state;
    return { seqs, state: this.state };
  }

  /** How many stored events a void aimed at `target` would take back now. */
  /** (None up to `floor`, the retention snapshot's seq: those are folded into it for good.) */
  countVoidable(target: VoidTarget, floor: number): number {
    return this.log.countVoidable(target, this.log.lastSeq() + 1, floor);
  }

  /**
   * Records a void stamped `at` and marks what it takes back, in one transaction. The hot state
   * is left as it was: the caller folds the log again (see SqliteProfileStore.voidEvents) and has
   * it adopted before any other append.
   */
  voidEvents(request: VoidRequest, voided: number, at: number, floor: number): StoredEvent {
    return this.db.transaction(() => {
      const event = voidEvent(request, voided, at);
      const seq = this.log.insertOne(event);
      const marked = this.log.markVoided(request.target, seq, floor);
      // Counted under the same profile's appends paused, so the count still holds.
      if (marked !== voided) throw new Error(`void ${seq} marked ${marked} events, counted ${voided}`);
      return toStoredEvent(event, seq);
    })();
  }

  listEvents(after: number, limit: number, maxBytes?: number): StoredEvent[] {
    return this.log.list(after, limit, maxBytes);
  }

  listRecentTriggers(limit: number): StoredEvent[] {
    return this.log.recentTriggers(limit);
  }

  putSessionAnalysis(analysis: SessionAnalysis): null {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO session_analyses (session_id, kind, computed_at, result) VALUES (?, ?, ?, ?)',
      )
      .run(analysis.session_id, analysis.kind, analysis.computed_at, JSON.stringify(analysis.result));
    return null;
  }

  getSessionAnalysis(sessionId: number, kind: string): SessionAnalysis | null {
    const row = this.db
      .prepare('SELECT * FROM session_analyses WHERE session_id = ? AND kind = ?')
      .get(sessionId, kind) as AnalysisRow | undefined;
    return row ? toAnalysis(row) : null;
  }

  listSessionAnalyses(kind: string, limit: number): SessionAnalysis[] {
    const rows = this.db
      .prepare('SELECT * FROM session_analyses WHERE kind = ? ORDER BY session_id DESC LIMIT ?')
      .all(kind, limit) as AnalysisRow[];
    return rows.map(toAnalysis);
  }

  upsertClips(clips: readonly ClipUpsert[], now: number): ClipUpsertResult {
    return this.clips.upsert(clips, now);
  }

  listClips(after: number, limit: number): StoredClip[] {
    return this.clips.list(after, limit);
  }

  listClipViews(seq: number): ClipViewReading[] | null {
    return this.clips.views(seq);
  }

  recordClipShares(shares: readonly ClipShare[]): { recorded: number } {
    return this.clips.recordShares(shares);
  }

  listClipShares(seq: number): ClipShare[] | null {
    return this.clips.sharesOf(seq);
  }

  forgetClipShareMessages(messageIds: readonly string[]): { removed: number } {
    return this.clips.forgetMessages(messageIds);
  }

  applyClipReactions(changes: readonly ClipReactionChange[]): { applied: number } {
    return this.clips.applyReactions(changes);
  }

  clipsDueForRefresh(platform: ClipPlatform, now: number, limit: number): ClipDue[] {
    return this.clips.dueForRefresh(platform, now, limit);
  }

  sharedUnknownClips(platform: ClipPlatform, limit: number): string[] {
    return this.clips.sharedUnknown(platform, limit);
  }

  markClipsRead(seqs: readonly number[], now: number): null {
    return this.clips.markRead(seqs, now);
  }

  listStreamClips(stream: string, from: number, to: number): StoredClip[] {
    return this.clips.streamClips(stream, from, to);
  }

  viralClips(timeZone: string, period: ClipPeriodKey, minViews: number, limit: number): StoredClip[] {
    return this.clips.viralClips(timeZone, period, minViews, limit);
  }

  clipOverview(timeZone: string, period: ClipPeriodKey, end: number | null): ClipOverviewStats {
    return this.clipAnalytics.overview(timeZone, period, end);
  }

  topClipCreators(timeZone: string, period: ClipPeriodKey, limit: number): ClipCreatorStats[] {
    return this.clipAnalytics.creators(timeZone, period, limit);
  }

  topClipGames(timeZone: string, period: ClipPeriodKey, limit: number): ClipGameStats[] {
    return this.clipAnalytics.games(timeZone, period, limit);
  }

  clipTimeline(
    timeZone: string,
    type: Exclude<ClipPeriod, 'all_time'>,
    from: number,
    to: number,
  ): (ClipPeriodKey & ClipSums)[] {
    return this.clipAnalytics.timeline(timeZone, type, from, to);
  }

  clipPeakTimes(timeZone: string): ClipPeakRow[] {
    return this.clipAnalytics.peakTimes(timeZone);
  }

  rebuildClipAggregates(timeZone: string): null {
    return this.clips.rebuildAggregates(timeZone);
  }

  checkClipAggregates(): { stored: ClipAggregateSnapshot; recomputed: ClipAggregateSnapshot } {
    return this.clips.checkAggregates();
  }

  beginRetentionRun(start: RetentionRunStart): RetentionRun {
    return this.retention.begin(start);
  }

  /** Deletes a slice of run `id`'s events, none after `snapshotSeq` (see SqliteRetentionLog). */
  deleteRetainedSlice(id: number, snapshotSeq: number, limit: number, at: number): number {
    return this.retention.deleteSlice(id, snapshotSeq, limit, at);
  }

  listRetentionRuns(limit: number): RetentionRun[] {
    return this.retention.list(limit);
  }

  addObsHealth(row: ObsHealthRow): null {
    return this.obs.addHealth(row);
  }

  obsHealthBetween(from: number, to: number): ObsHealthMinute[] {
    return this.obs.healthBetween(from, to);
  }

  addObsRecording(file: ObsOutputFile): ObsRecording {
    return this.obs.addRecording(file);
  }

  obsRecordingsBetween(
    from: number,
    to: number,
    limit: number,
    kinds: readonly ObsFileKind[] | undefined,
  ): ObsRecording[] {
    return this.obs.recordingsBetween(from, to, limit, kinds);
  }

  /** The state folded from the whole log (on open, and after a rebuild of the aggregates). */
  adoptState(state: AggregateState): void {
    this.state = state;
  }

  setBudgets(cacheKiB: number, walPages: number): void {
    setPageBudget(this.db, cacheKiB, walPages);
  }

  cacheKiB(): number {
    return -Number(this.db.pragma('cache_size', { simple: true }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

const toAnalysis = (row: AnalysisRow): SessionAnalysis => ({
  ...row,
  result: JSON.parse(row.result) as unknown,
});
