import { toStoredEvent, type LiveEvent, type StoredEvent } from '../../core/live-event.js';
import type { Counters } from '../../core/counters.js';
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
import type { AggregateState, Rollup, SessionViewerTotals, Stats } from '../../core/aggregates.js';
import type {
  AggregateDump,
  AppendFlowControl,
  AppendResult,
  LeaderboardQuery,
  LeaderboardRow,
  ProfileStore,
  QuarterRollup,
  RollupColumns,
  RollupColumnsQuery,
  RollupQuery,
  ClipUpsert,
  ClipUpsertResult,
  ClipViewReading,
  StoredClip,
  ViewerQuery,
  ViewerSessionEntry,
  ViewerSummary,
  SessionAnalysis,
  SessionQuery,
  SessionSummary,
  SessionViewersQuery,
  StartedSessionsQuery,
  StatsSnapshot,
} from '../ports.js';
import { packEvents } from './event-columns.js';
import { checkVoidCount, type VoidOutcome, type VoidRequest } from '../../core/void-target.js';
import type { SqliteStorage } from './sqlite-storage.js';
import type { RetentionRange, RetentionRun, RetentionRunStart } from '../retention.port.js';
import type { ObsHealthSample } from '../../core/obs-health.js';
import type { ObsFileKind, ObsOutputFile } from '../../core/obs-readings.js';
import type { ObsHealthMinute, ObsRecording } from '../obs-store.port.js';
import { obsHealthRow, storedObsFile } from '../obs-rows.js';

/**
 * One profile on the embedded engine, as the main thread sees it (ADR 0007): the log thread appends
 * each batch in one transaction and answers with the hot state (stats, open sessions), kept here so
 * live stats are read without a round trip; the aggregates thread builds the other aggregates from
 * what was committed and answers their reads, each after folding in the log up to the last commit
 * seen here.
 */
export class SqliteProfileStore implements ProfileStore {
  /** The log thread applies appends in the order they are sent: one can travel while one commits. */
  readonly flowControl: AppendFlowControl = { appendsInFlight: 2 };
  /** Voids and retention snapshot steps, one at a time (see `apart`). */
  private voidsAndSnapshots: Promise<void> = Promise.resolve();

  constructor(
    readonly profile: string,
    private readonly storage: SqliteStorage,
    private state: AggregateState,
    /** The last seq committed to the log. */
    private lastSeq: number,
  ) {}

  async append(events: readonly LiveEvent[]): Promise<AppendResult> {
    const { seqs, state } = await this.storage.log(this.profile, 'append', packEvents(events));
    // Adopted once the commit succeeded (a failed batch answers with an error instead).
    this.state = state;
    const stored: StoredEvent[] = [];
    seqs.forEach((seq, i) => {
      if (seq !== null) stored.push(toStoredEvent(events[i]!, seq));
    });
    if (stored.length > 0) this.lastSeq = Math.max(this.lastSeq, stored.at(-1)!.seq);
    return { stored, seqs, duplicates: events.length - stored.length };
  }

  /** Writes the aggregates held in memory on the aggregates thread. */
  async flush(): Promise<void> {
    await this.storage.aggregates(this.profile, this.lastSeq, 'flush');
  }

  currentState(): AggregateState {
    return this.state;
  }

  getStats(): Promise<StatsSnapshot> {
    const streams: Record<string, Stats> = {};
    for (const [id, s] of this.state.streams) streams[id] = { ...s.stats };
    return Promise.resolve({ combined: { ...this.state.combined }, streams });
  }

  listSessions(query: SessionQuery): Promise<SessionSummary[]> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'listSessions', query);
  }

  listStartedSessions(query: StartedSessionsQuery): Promise<SessionSummary[]> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'listStartedSessions', query);
  }

  getSession(id: number): Promise<SessionSummary | null> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'getSession', id);
  }

  listEvents(after: number, limit: number, maxBytes?: number): Promise<StoredEvent[]> {
    return this.storage.log(this.profile, 'listEvents', after, limit, maxBytes);
  }

  listRecentTriggers(limit: number): Promise<StoredEvent[]> {
    return this.storage.log(this.profile, 'listRecentTriggers', limit);
  }

  leaderboard(query: LeaderboardQuery): Promise<LeaderboardRow[]> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'leaderboard', query);
  }

  listViewers(query: ViewerQuery): Promise<{ viewers: ViewerSummary[]; total: number }> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'listViewers', query);
  }

  getViewer(userId: string): Promise<ViewerSummary | null> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'getViewer', userId);
  }

  listViewerSessions(userId: string, limit: number): Promise<ViewerSessionEntry[]> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'listViewerSessions', userId, limit);
  }

  listSessionViewers(query: SessionViewersQuery): Promise<SessionViewerTotals[]> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'listSessionViewers', query);
  }

  activityTotals(query: { since?: number; stream?: string }): Promise<Counters> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'activityTotals', query);
  }

  listRollups(query: RollupQuery): Promise<Rollup[]> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'listRollups', query);
  }

  rollupColumns(query: RollupColumnsQuery): Promise<RollupColumns> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'rollupColumns', query);
  }

  listQuarterRollups(query: { from: number; to: number }): Promise<QuarterRollup[]> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'listQuarterRollups', query);
  }

  upsertClips(clips: readonly ClipUpsert[], now: number): Promise<ClipUpsertResult> {
    return this.storage.log(this.profile, 'upsertClips', clips, now);
  }

  listClips(after: number, limit: number): Promise<StoredClip[]> {
    return this.storage.log(this.profile, 'listClips', after, limit);
  }

  listClipViews(seq: number): Promise<ClipViewReading[] | null> {
    return this.storage.log(this.profile, 'listClipViews', seq);
  }

  recordClipShares(shares: readonly ClipShare[]): Promise<{ recorded: number }> {
    return this.storage.log(this.profile, 'recordClipShares', shares);
  }

  listClipShares(seq: number): Promise<ClipShare[] | null> {
    return this.storage.log(this.profile, 'listClipShares', seq);
  }

  forgetClipShareMessages(messageIds: readonly string[]): Promise<{ removed: number }> {
    return this.storage.log(this.profile, 'forgetClipShareMessages', messageIds);
  }

  applyClipReactions(changes: readonly ClipReactionChange[]): Promise<{ applied: number }> {
    return this.storage.log(this.profile, 'applyClipReactions', changes);
  }

  clipsDueForRefresh(platform: ClipPlatform, now: number, limit: number): Promise<ClipDue[]> {
    return this.storage.log(this.profile, 'clipsDueForRefresh', platform, now, limit);
  }

  sharedUnknownClips(platform: ClipPlatform, limit: number): Promise<string[]> {
    return this.storage.log(this.profile, 'sharedUnknownClips', platform, limit);
  }

  async markClipsRead(seqs: readonly number[], now: number): Promise<void> {
    await this.storage.log(this.profile, 'markClipsRead', seqs, now);
  }

  listStreamClips(stream: string, from: number, to: number): Promise<StoredClip[]> {
    return this.storage.log(this.profile, 'listStreamClips', stream, from, to);
  }

  viralClips(
    timeZone: string,
    period: ClipPeriodKey,
    minViews: number,
    limit: number,
  ): Promise<StoredClip[]> {
    return this.storage.log(this.profile, 'viralClips', timeZone, period, minViews, limit);
  }

  clipOverview(timeZone: string, period: ClipPeriodKey, end: number | null): Promise<ClipOverviewStats> {
    return this.storage.log(this.profile, 'clipOverview', timeZone, period, end);
  }

  topClipCreators(timeZone: string, period: ClipPeriodKey, limit: number): Promise<ClipCreatorStats[]> {
    return this.storage.log(this.profile, 'topClipCreators', timeZone, period, limit);
  }

  topClipGames(timeZone: string, period: ClipPeriodKey, limit: number): Promise<ClipGameStats[]> {
    return this.storage.log(this.profile, 'topClipGames', timeZone, period, limit);
  }

  clipTimeline(
    timeZone: string,
    type: Exclude<ClipPeriod, 'all_time'>,
    from: number,
    to: number,
  ): Promise<(ClipPeriodKey & ClipSums)[]> {
    return this.storage.log(this.profile, 'clipTimeline', timeZone, type, from, to);
  }

  clipPeakTimes(timeZone: string): Promise<ClipPeakRow[]> {
    return this.storage.log(this.profile, 'clipPeakTimes', timeZone);
  }

  rebuildClipAggregates(timeZone: string): Promise<void> {
    return this.storage.log(this.profile, 'rebuildClipAggregates', timeZone).then(() => undefined);
  }

  checkClipAggregates(): Promise<{ stored: ClipAggregateSnapshot; recomputed: ClipAggregateSnapshot }> {
    return this.storage.log(this.profile, 'checkClipAggregates');
  }

  /** Checked here: a ValidationError thrown on the log thread would reach the caller without its code. */
  async addObsHealth(sample: ObsHealthSample): Promise<void> {
    const row = obsHealthRow(sample);
    await this.storage.log(this.profile, 'addObsHealth', row);
  }

  obsHealthBetween(from: number, to: number): Promise<ObsHealthMinute[]> {
    return this.storage.log(this.profile, 'obsHealthBetween', from, to);
  }

  /** Cleaned and checked here, like a health sample. */
  async addObsRecording(file: ObsOutputFile): Promise<ObsRecording> {
    const stored = storedObsFile(file);
    return this.storage.log(this.profile, 'addObsRecording', stored);
  }

  obsRecordingsBetween(
    from: number,
    to: number,
    limit: number,
    kinds?: readonly ObsFileKind[],
  ): Promise<ObsRecording[]> {
    return this.storage.log(this.profile, 'obsRecordingsBetween', from, to, limit, kinds);
  }

  async putSessionAnalysis(analysis: SessionAnalysis): Promise<void> {
    await this.storage.log(this.profile, 'putSessionAnalysis', analysis);
  }

  getSessionAnalysis(sessionId: number, kind: string): Promise<SessionAnalysis | null> {
    return this.storage.log(this.profile, 'getSessionAnalysis', sessionId, kind);
  }

  listSessionAnalyses(kind: string, limit: number): Promise<SessionAnalysis[]> {
    return this.storage.log(this.profile, 'listSessionAnalyses', kind, limit);
  }

  /**
   * Records a void and folds the log again without what it takes back (the aggregates thread
   * sees the void and rebuilds); appends must not run meanwhile.
   */
  voidEvents(request: VoidRequest, at: number): Promise<VoidOutcome> {
    return this.apart(() => this.voidNow(request, at));
  }

  private async voidNow(request: VoidRequest, at: number): Promise<VoidOutcome> {
    // Events up to the snapshot's seq are folded into it for good: a void leaves them be.
    const floor = await this.snapshotSeq();
    const voided = await this.storage.log(this.profile, 'countVoidable', request.target, floor);
    checkVoidCount(voided);
    if (request.dryRun) return { event: null, voided };
    const event = await this.storage.log(this.profile, 'voidEvents', request, voided, at, floor);
    this.lastSeq = Math.max(this.lastSeq, event.seq);
    const state = await this.storage.aggregates(this.profile, this.lastSeq, 'currentState');
    await this.storage.adoptState(this.profile, state);
    this.state = state;
    return { event, voided };
  }

  /** Builds every aggregate again from the log; appends must not run meanwhile. */
  async rebuild(): Promise<{ events: number }> {
    const { events, state } = await this.storage.aggregates(this.profile, this.lastSeq, 'rebuild');
    await this.storage.adoptState(this.profile, state);
    this.state = state;
    return { events };
  }

  snapshotSeq(): Promise<number> {
    return this.storage.aggregates(this.profile, 0, 'snapshotSeq');
  }

  /** Read by the aggregates thread, beside the appends (see SqliteProfileAggregates). */
  retentionRange(cutoff: number): Promise<RetentionRange | null> {
    return this.storage.aggregates(this.profile, 0, 'retentionRange', cutoff);
  }

  listEventsForArchive(after: number, upTo: number, limit: number): Promise<StoredEvent[]> {
    return this.storage.aggregates(this.profile, 0, 'listEventsForArchive', after, upTo, limit);
  }

  beginRetentionRun(start: RetentionRunStart): Promise<RetentionRun> {
    return this.storage.log(this.profile, 'beginRetentionRun', start);
  }

  /**
   * The aggregates thread folds the log up to the last commit seen here first, then the snapshot.
   * Never beside a void: the events it folds must not be taken back between its read and its commit.
   */
  advanceSnapshot(upTo: number, maxEvents: number): Promise<number> {
    return this.apart(() =>
      this.storage.aggregates(this.profile, this.lastSeq, 'advanceSnapshot', upTo, maxEvents),
    );
  }

  /** Runs `step` after the voids and snapshot steps called before it have settled, and before later ones. */
  private apart<T>(step: () => Promise<T>): Promise<T> {
    const run = this.voidsAndSnapshots.then(step, step);
    this.voidsAndSnapshots = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** The snapshot's seq is asked of the aggregates thread here, not taken from the caller. */
  async deleteRetainedSlice(id: number, limit: number, at: number): Promise<number> {
    const snapshot = await this.snapshotSeq();
    return this.storage.log(this.profile, 'deleteRetainedSlice', id, snapshot, limit, at);
  }

  listRetentionRuns(limit: number): Promise<RetentionRun[]> {
    return this.storage.log(this.profile, 'listRetentionRuns', limit);
  }

  dumpAggregates(): Promise<AggregateDump> {
    return this.storage.aggregates(this.profile, this.lastSeq, 'dumpAggregates');
  }

  /** Sets the page cache and checkpoint interval of its files (see SqliteEngine's budgets). */
  setBudgets(cacheKiB: number, walPages: number): Promise<void> {
    return this.storage.setBudgets(this.profile, cacheKiB, walPages);
  }

  /** Writes what is pending, then closes the files. */
  close(): Promise<void> {
    return this.storage.closeProfile(this.profile, true);
  }

  /** Closes the files without writing what is pending (the profile is being deleted). */
  discard(): Promise<void> {
    return this.storage.closeProfile(this.profile, false);
  }
}
