import { setTimeout as sleep } from 'node:timers/promises';
import { emptyState, reduce, type ReduceOptions } from '../../core/reduce.js';
import { COUNTER_FIELDS, type Counters } from '../../core/counters.js';
import type {
  AggregateState,
  Rollup,
  Session,
  SessionViewerGift,
  SessionViewerTotals,
  ViewerTotals,
} from '../../core/aggregates.js';
import { toStoredEvent, type LiveEvent, type StoredEvent } from '../../core/live-event.js';
import { checkVoidCount, voidEvent, type VoidOutcome, type VoidRequest } from '../../core/void-target.js';
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
  SessionAnalysis,
  SessionQuery,
  SessionSummary,
  SessionViewersQuery,
  StartedSessionsQuery,
  StatsSnapshot,
  ViewerQuery,
  ViewerSessionEntry,
  ViewerSummary,
  ClipUpsert,
  ClipUpsertResult,
  ClipViewReading,
  StoredClip,
} from '../ports.js';
import { PostgresClips } from './postgres-clips.js';
import { PostgresClipAnalytics } from './postgres-clip-analytics.js';
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
import type { SessionViewerCount } from '../aggregate-maintenance.port.js';
import { SESSION_SELECT, toSessionSummary, type CountedSession } from '../session-summary.js';
import { statsSnapshot, type StatsRow } from '../stats-rows.js';
import { PostgresDeltaWriter } from './postgres-delta-writer.js';
import { InFlightAppend } from './in-flight-append.js';
import { numberBatch, PostgresEventLog } from './postgres-event-log.js';
import type { PgClient } from './postgres-pool.js';
import { PostgresViewerReads } from './postgres-viewer-reads.js';
import type { ProfileSchema } from './profile-schema.js';
import { rollupColumnList, toRollupColumns } from '../rollup-columns.js';
import type { RetentionRange, RetentionRun, RetentionRunStart } from '../retention.port.js';
import { loadState } from './load-state.js';
import { PostgresAggregateSnapshot } from './postgres-aggregate-snapshot.js';
import { PostgresRetentionLog } from './postgres-retention-log.js';
import { PostgresObs } from './postgres-obs.js';
import type { ObsHealthSample } from '../../core/obs-health.js';
import type { ObsFileKind, ObsOutputFile } from '../../core/obs-readings.js';
import type { ObsHealthMinute, ObsRecording } from '../obs-store.port.js';
import { obsHealthRow, storedObsFile } from '../obs-rows.js';

const REBUILD_CHUNK = 20_000;
/** How long an append holding the lock waits for the previous one's outcome to be adopted. */
const SETTLE_WAIT_MS = 1_000;
type AnalysisRow = Omit<SessionAnalysis, 'result'> & { result: string };

const toAnalysis = (row: AnalysisRow): SessionAnalysis => ({
  ...row,
  result: JSON.parse(row.result) as unknown,
});

/**
 * One profile's schema: the event log and every aggregate, written together in one transaction
 * per batch under the profile's append lock. Keeps the hot state (stats, open sessions) in memory
 * with the last seq it reflects; when another instance appended meanwhile (the log's last seq
 * moved), the state is reloaded inside the transaction before reducing. Memory is replaced only
 * after a commit, so a failed batch leaves both database and memory as they were.
 */
export class PostgresProfileStore implements ProfileStore {
  private state: AggregateState = emptyState();
  /** The last seq `state` reflects. */
  private knownSeq = -1;
  private readonly log = new PostgresEventLog();
  private readonly writer = new PostgresDeltaWriter();
  private readonly viewerReads = new PostgresViewerReads();
  private readonly clips = new PostgresClips();
  private readonly clipAnalytics = new PostgresClipAnalytics();
  private readonly retention = new PostgresRetentionLog();
  private readonly obs = new PostgresObs();
  private readonly snapshot: PostgresAggregateSnapshot;
  /**
   * Two at a time: the second is numbered and written as COPY text while the first's viewer
   * totals (its longest statement) run on the server; its transaction then waits for the append
   * lock, which the first holds until it commits. If the first did not store all it numbered, or
   * another instance appended meanwhile, the second is numbered again.
   */
  readonly flowControl: AppendFlowControl = {
    appendsInFlight: 2,
    readyForAppend: () => this.latest?.ready ?? Promise.resolve(),
  };
  /** The latest append while it has not settled. */
  private latest: InFlightAppend | null = null;

  constructor(
    private readonly db: ProfileSchema,
    private readonly options: ReduceOptions,
  ) {
    this.snapshot = new PostgresAggregateSnapshot(db, this.log, options);
  }

  get profile(): string {
    return this.db.profile;
  }

  /** Reads the hot state; called once by the engine before the store is handed out. */
  async load(): Promise<void> {
    const { state, seq } = await this.db.read(async (c) => ({
      state: await loadState(c),
      seq: await this.log.lastSeq(c),
    }));
    this.adopt(state, seq);
  }

  append(events: readonly LiveEvent[]): Promise<AppendResult> {
    const previous = this.latest;
    // Numbered after where the previous append leaves the log if it stores all it numbered.
    const current = new InFlightAppend(numberBatch(events, previous?.expectedLastSeq ?? this.knownSeq));
    const written = this.write(events, current, previous);
    this.latest = current;
    void written
      .catch(() => undefined)
      .then(() => {
        current.settle();
        if (this.latest === current) this.latest = null;
      });
    return written;
  }

  private async write(
    events: readonly LiveEvent[],
    current: InFlightAppend,
    previous: InFlightAppend | null,
  ): Promise<AppendResult> {
    // Asks for the lock only once the previous append holds it (or has settled), so the two take
    // it in order: the transaction below waits for the previous one's outcome while holding it.
    await previous?.locked;
    const { result, state, seq } = await this.db.write(async (c) => {
      const lastSeq = await this.log.lastSeq(c);
      current.lock();
      // The previous append has committed or rolled back (the lock is ours): its outcome is
      // adopted as soon as its answer is read. Not waited for beyond a bound: without it the
      // state is read from the database below.
      if (previous) await Promise.race([previous.settled, sleep(SETTLE_WAIT_MS, undefined, { ref: false })]);
      const [known, held] = [this.knownSeq, this.state];
      const base = lastSeq === known ? held : await loadState(c);
      const reduced = (accepted: StoredEvent[]) => {
        const next = reduce(base, accepted, this.options);
        return { next, statements: this.writer.prepare(next.delta) };
      };
      const { stored, seqs, work } = await this.log.appendAll(c, events, lastSeq, reduced, current.numbered);
      const duplicates = events.length - stored.length;
      if (!work) return { result: { stored, seqs, duplicates }, state: base, seq: lastSeq };
      await this.writer.apply(c, work.statements, () => current.markReady());
      return { result: { stored, seqs, duplicates }, state: work.next.state, seq: stored.at(-1)!.seq };
    });
    this.adopt(state, seq);
    return result;
  }

  /** Nothing to write: every batch writes its aggregates. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  currentState(): AggregateState {
    return this.state;
  }

  /** From the database, not memory: another instance may have written since this one did. */
  getStats(): Promise<StatsSnapshot> {
    return this.db.read(async (c) => statsSnapshot((await c.query<StatsRow>('SELECT * FROM stats')).rows));
  }

  async listSessions(query: SessionQuery): Promise<SessionSummary[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.stream !== undefined) where.push(`s.stream = $${args.push(query.stream)}`);
    if (query.before !== undefined) where.push(`s.started_at < $${args.push(query.before)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sql = `${SESSION_SELECT} ${filter} ORDER BY s.started_at DESC, s.id DESC LIMIT $${args.push(query.limit)}`;
    return (await this.db.rows<CountedSession>(sql, args)).map(toSessionSummary);
  }

  async listStartedSessions(query: StartedSessionsQuery): Promise<SessionSummary[]> {
    const after = query.after ?? { started_at: query.from, id: -1 };
    const sql = `${SESSION_SELECT} WHERE s.started_at >= $1 AND s.started_at < $2
      AND (s.started_at, s.id) > ($3, $4) ORDER BY s.started_at, s.id LIMIT $5`;
    const args = [query.from, query.to, after.started_at, after.id, query.limit];
    return (await this.db.rows<CountedSession>(sql, args)).map(toSessionSummary);
  }

  async getSession(id: number): Promise<SessionSummary | null> {
    const [row] = await this.db.rows<CountedSession>(`${SESSION_SELECT} WHERE s.id = $1`, [id]);
    return row ? toSessionSummary(row) : null;
  }

  listEvents(after: number, limit: number, maxBytes?: number): Promise<StoredEvent[]> {
    return this.db.read((c) => this.log.list(c, after, limit, maxBytes));
  }

  listRecentTriggers(limit: number): Promise<StoredEvent[]> {
    return this.db.read((c) => this.log.recentTriggers(c, limit));
  }

  leaderboard(query: LeaderboardQuery): Promise<LeaderboardRow[]> {
    return this.db.read((c) => this.viewerReads.leaderboard(c, query));
  }

  listViewers(query: ViewerQuery): Promise<{ viewers: ViewerSummary[]; total: number }> {
    return this.db.read((c) => this.viewerReads.listViewers(c, query));
  }

  getViewer(userId: string): Promise<ViewerSummary | null> {
    return this.db.read((c) => this.viewerReads.getViewer(c, userId));
  }

  listViewerSessions(userId: string, limit: number): Promise<ViewerSessionEntry[]> {
    return this.db.read((c) => this.viewerReads.listViewerSessions(c, userId, limit));
  }

  listSessionViewers(query: SessionViewersQuery): Promise<SessionViewerTotals[]> {
    return this.db.read((c) => this.viewerReads.listSessionViewers(c, query));
  }

  async activityTotals(query: { since?: number; stream?: string }): Promise<Counters> {
    const table = query.since === undefined ? 'sessions' : 'rollups';
    const conditions: string[] = [];
    const args: unknown[] = [];
    if (query.since !== undefined)
      conditions.push(`minute >= $${args.push(Math.floor(query.since / 60_000) * 60_000)}`);
    if (query.stream !== undefined) conditions.push(`stream = $${args.push(query.stream)}`);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const sums = COUNTER_FIELDS.map((f) => `coalesce(sum(${f}), 0) AS ${f}`).join(', ');
    const [row] = await this.db.rows<Counters>(`SELECT ${sums} FROM ${table} ${where}`, args);
    return row!;
  }

  listRollups(query: RollupQuery): Promise<Rollup[]> {
    const { filter, args } = rollupFilter(query);
    return this.db.rows<Rollup>(`SELECT * FROM rollups ${filter}`, args);
  }

  rollupColumns(query: RollupColumnsQuery): Promise<RollupColumns> {
    const { filter, args } = rollupFilter(query, false);
    return this.db.read(async (c) => {
      const text = `SELECT ${rollupColumnList(query.fields)} FROM rollups ${filter}`;
      const { rows } = await c.query<unknown[]>({ text, values: args, rowMode: 'array' });
      return toRollupColumns(rows, query.fields);
    });
  }

  listQuarterRollups(query: { from: number; to: number }): Promise<QuarterRollup[]> {
    return this.db.rows<QuarterRollup>(
      'SELECT * FROM quarter_rollups WHERE quarter >= $1 AND quarter < $2 ORDER BY quarter, stream',
      [query.from, query.to],
    );
  }

  upsertClips(clips: readonly ClipUpsert[], now: number): Promise<ClipUpsertResult> {
    return this.db.write((c) => this.clips.upsert(c, clips, now));
  }

  listClips(after: number, limit: number): Promise<StoredClip[]> {
    return this.db.read((c) => this.clips.list(c, after, limit));
  }

  listClipViews(seq: number): Promise<ClipViewReading[] | null> {
    return this.db.read((c) => this.clips.views(c, seq));
  }

  recordClipShares(shares: readonly ClipShare[], _now: number): Promise<{ recorded: number }> {
    return this.db.write((c) => this.clips.recordShares(c, shares));
  }

  listClipShares(seq: number): Promise<ClipShare[] | null> {
    return this.db.read((c) => this.clips.sharesOf(c, seq));
  }

  forgetClipShareMessages(messageIds: readonly string[], _now: number): Promise<{ removed: number }> {
    return this.db.write((c) => this.clips.forgetMessages(c, messageIds));
  }

  applyClipReactions(changes: readonly ClipReactionChange[], _now: number): Promise<{ applied: number }> {
    return this.db.write((c) => this.clips.applyReactions(c, changes));
  }

  clipsDueForRefresh(platform: ClipPlatform, now: number, limit: number): Promise<ClipDue[]> {
    return this.db.read((c) => this.clips.dueForRefresh(c, platform, now, limit));
  }

  sharedUnknownClips(platform: ClipPlatform, limit: number): Promise<string[]> {
    return this.db.read((c) => this.clips.sharedUnknown(c, platform, limit));
  }

  async markClipsRead(seqs: readonly number[], now: number): Promise<void> {
    await this.db.write((c) =>
      c.query('UPDATE clips SET last_updated = $1 WHERE seq = ANY($2::bigint[])', [now, seqs]),
    );
  }

  listStreamClips(stream: string, from: number, to: number): Promise<StoredClip[]> {
    return this.db.read((c) => this.clips.streamClips(c, stream, from, to));
  }

  async viralClips(
    timeZone: string,
    period: ClipPeriodKey,
    minViews: number,
    limit: number,
  ): Promise<StoredClip[]> {
    if (period.period_type !== 'all_time') await this.clipsInZone(timeZone);
    return this.db.read((c) => this.clips.viralClips(c, period, minViews, limit));
  }

  async clipOverview(
    timeZone: string,
    period: ClipPeriodKey,
    end: number | null,
  ): Promise<ClipOverviewStats> {
    await this.clipsInZone(timeZone);
    return this.db.read((c) => this.clipAnalytics.overview(c, period, end));
  }

  async topClipCreators(timeZone: string, period: ClipPeriodKey, limit: number): Promise<ClipCreatorStats[]> {
    await this.clipsInZone(timeZone);
    return this.db.read((c) => this.clipAnalytics.creators(c, period, limit));
  }

  async topClipGames(timeZone: string, period: ClipPeriodKey, limit: number): Promise<ClipGameStats[]> {
    await this.clipsInZone(timeZone);
    return this.db.read((c) => this.clipAnalytics.games(c, period, limit));
  }

  async clipTimeline(
    timeZone: string,
    type: Exclude<ClipPeriod, 'all_time'>,
    from: number,
    to: number,
  ): Promise<(ClipPeriodKey & ClipSums)[]> {
    await this.clipsInZone(timeZone);
    return this.db.read((c) => this.clipAnalytics.timeline(c, type, from, to));
  }

  async clipPeakTimes(timeZone: string): Promise<ClipPeakRow[]> {
    await this.clipsInZone(timeZone);
    return this.db.read((c) => this.clipAnalytics.peakTimes(c));
  }

  rebuildClipAggregates(timeZone: string): Promise<void> {
    return this.db.write((c) => this.clips.rebuildAggregates(c, timeZone));
  }

  checkClipAggregates(): Promise<{ stored: ClipAggregateSnapshot; recomputed: ClipAggregateSnapshot }> {
    return this.db.write((c) => this.clips.checkAggregates(c));
  }

  /** Rebuilds the clip aggregates in `timeZone` when they are kept in another (or were never built). */
  private async clipsInZone(timeZone: string): Promise<void> {
    const [row] = await this.db.rows<{ time_zone: string }>('SELECT time_zone FROM clip_stats_zone');
    if (row?.time_zone === timeZone) return;
    await this.db.write(async (c) => {
      const { rows } = await c.query<{ time_zone: string }>('SELECT time_zone FROM clip_stats_zone');
      if (rows[0]?.time_zone !== timeZone) await this.clips.rebuildAggregates(c, timeZone);
    });
  }

  async addObsHealth(sample: ObsHealthSample): Promise<void> {
    const row = obsHealthRow(sample);
    await this.db.write((c) => this.obs.addHealth(c, row));
  }

  obsHealthBetween(from: number, to: number): Promise<ObsHealthMinute[]> {
    return this.db.read((c) => this.obs.healthBetween(c, from, to));
  }

  async addObsRecording(file: ObsOutputFile): Promise<ObsRecording> {
    const stored = storedObsFile(file);
    return this.db.write((c) => this.obs.addRecording(c, stored));
  }

  obsRecordingsBetween(
    from: number,
    to: number,
    limit: number,
    kinds?: readonly ObsFileKind[],
  ): Promise<ObsRecording[]> {
    return this.db.read((c) => this.obs.recordingsBetween(c, from, to, limit, kinds));
  }

  async putSessionAnalysis(analysis: SessionAnalysis): Promise<void> {
    await this.db.write((c) =>
      c.query(
        `INSERT INTO session_analyses (session_id, kind, computed_at, result) VALUES ($1, $2, $3, $4)
         ON CONFLICT (session_id, kind) DO UPDATE SET computed_at = excluded.computed_at, result = excluded.result`,
        [analysis.session_id, analysis.kind, analysis.computed_at, JSON.stringify(analysis.result)],
      ),
    );
  }

  async getSessionAnalysis(sessionId: number, kind: string): Promise<SessionAnalysis | null> {
    const [row] = await this.db.rows<AnalysisRow>(
      'SELECT * FROM session_analyses WHERE session_id = $1 AND kind = $2',
      [sessionId, kind],
    );
    return row ? toAnalysis(row) : null;
  }

  async listSessionAnalyses(kind: string, limit: number): Promise<SessionAnalysis[]> {
    const rows = await this.db.rows<AnalysisRow>(
      'SELECT * FROM session_analyses WHERE kind = $1 ORDER BY session_id DESC LIMIT $2',
      [kind, limit],
    );
    return rows.map(toAnalysis);
  }

  snapshotSeq(): Promise<number> {
    return this.db.read((c) => this.snapshot.seq(c));
  }

  retentionRange(cutoff: number): Promise<RetentionRange | null> {
    return this.db.read((c) => this.retention.range(c, cutoff));
  }

  listEventsForArchive(after: number, upTo: number, limit: number): Promise<StoredEvent[]> {
    return this.db.read((c) => this.retention.listForArchive(c, after, upTo, limit));
  }

  beginRetentionRun(start: RetentionRunStart): Promise<RetentionRun> {
    return this.db.write((c) => this.retention.begin(c, start));
  }

  /** Appends go on meanwhile: the snapshot has a lock of its own (see PostgresAggregateSnapshot). */
  advanceSnapshot(upTo: number, maxEvents: number): Promise<number> {
    return this.snapshot.advance(upTo, maxEvents);
  }

  /**
   * Under the append lock, so a void never counts events a slice deletes meanwhile; the snapshot's
   * seq read in the same transaction.
   */
  deleteRetainedSlice(id: number, limit: number, at: number): Promise<number> {
    return this.db.write(async (c) =>
      this.retention.deleteSlice(c, id, await this.snapshot.seq(c), limit, at),
    );
  }

  listRetentionRuns(limit: number): Promise<RetentionRun[]> {
    return this.db.read((c) => this.retention.list(c, limit));
  }

  async rebuild(): Promise<{ events: number }> {
    const { total, state, seq } = await this.db.write((c) => this.refold(c));
    this.adopt(state, seq);
    return { events: total };
  }

  /**
   * Records a void and folds the log again without what it takes back, in one transaction under
   * the append lock: readers and other instances see the void and its aggregates together.
   */
  async voidEvents(request: VoidRequest, at: number): Promise<VoidOutcome> {
    const outcome = await this.db.write(async (c) => {
      // The snapshot lock first: no retention step folds events into the snapshot while the void
      // counts and marks, and none up to the snapshot's seq (folded for good) is taken back.
      await this.db.lockSnapshot(c);
      const floor = await this.snapshot.seq(c);
      const next = (await this.log.lastSeq(c)) + 1;
      const voided = await this.log.countVoidable(c, request.target, next, floor);
      checkVoidCount(voided);
      if (request.dryRun) return { event: null, voided, folded: null };
      const event = toStoredEvent(voidEvent(request, voided, at), next);
      await this.log.insertOne(c, event);
      await this.log.markVoided(c, request.target, next, floor);
      return { event, voided, folded: await this.refold(c) };
    });
    if (outcome.folded) this.adopt(outcome.folded.state, outcome.folded.seq);
    return { event: outcome.event, voided: outcome.voided };
  }

  /**
   * Drops every aggregate and folds the log's events that are not voided, on `c` (a write): from
   * the aggregates snapshot and the log after it, once retention took one (the whole log before).
   */
  private async refold(c: PgClient): Promise<{ total: number; state: AggregateState; seq: number }> {
    let { seq: after, state } = await this.snapshot.restoreInto(c);
    let total = 0;
    for (;;) {
      const chunk = await this.log.listForFold(c, after, REBUILD_CHUNK);
      if (chunk.length === 0) break;
      const result = reduce(state, chunk, this.options);
      await this.writer.write(c, result.delta);
      state = result.state;
      after = chunk[chunk.length - 1]!.seq;
      total += chunk.length;
    }
    return { total, state, seq: await this.log.lastSeq(c) };
  }

  dumpAggregates(): Promise<AggregateDump> {
    return this.db.read(async (c) => {
      const all = async <T extends object>(sql: string) => (await c.query<T>(sql)).rows;
      return {
        stats: statsSnapshot(await all<StatsRow>('SELECT * FROM stats ORDER BY stream')),
        sessions: await all<Session>('SELECT * FROM sessions ORDER BY id'),
        sessionViewerCounts: await all<SessionViewerCount>(
          'SELECT * FROM session_viewer_counts ORDER BY session_id',
        ),
        rollups: await all<Rollup>('SELECT * FROM rollups ORDER BY stream, minute'),
        quarterRollups: await all<QuarterRollup>('SELECT * FROM quarter_rollups ORDER BY stream, quarter'),
        viewers: await all<ViewerTotals>('SELECT * FROM viewers ORDER BY user_id'),
        sessionViewers: await all<SessionViewerTotals>(
          'SELECT * FROM session_viewers ORDER BY session_id, user_id',
        ),
        sessionGifts: await all<SessionViewerGift>(
          'SELECT * FROM session_viewer_gifts ORDER BY session_id, user_id, gift_id',
        ),
      };
    });
  }

  /** The connections belong to the engine's pool; nothing to release here. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Takes a committed state, unless a later one was adopted already (appends end out of order). */
  private adopt(state: AggregateState, seq: number): void {
    if (seq < this.knownSeq) return;
    this.state = state;
    this.knownSeq = seq;
  }
}

/** WHERE ... ORDER BY ... LIMIT of a rollups read (unordered: no ORDER BY), with its parameters. */
function rollupFilter(query: RollupQuery, ordered = true): { filter: string; args: unknown[] } {
  const args: unknown[] = [query.from, query.to];
  const byStream = query.stream === undefined ? '' : `AND stream = $${args.push(query.stream)}`;
  const limit = query.limit === undefined ? '' : `LIMIT $${args.push(query.limit)}`;
  return {
    filter: `WHERE minute >= $1 AND minute < $2 ${byStream} ${ordered ? 'ORDER BY minute, stream' : ''} ${limit}`,
    args,
  };
}
