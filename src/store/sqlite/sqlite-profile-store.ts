import { toStoredEvent, type LiveEvent, type StoredEvent } from '../../core/live-event.js';
import type { Counters } from '../../core/counters.js';
import type { AggregateState, Rollup, SessionViewerTotals, Stats } from '../../core/aggregates.js';
import type {
  AggregateDump,
  AppendResult,
  LeaderboardQuery,
  LeaderboardRow,
  ProfileStore,
  RollupQuery,
  ViewerQuery,
  ViewerSummary,
  SessionAnalysis,
  SessionQuery,
  SessionSummary,
  StatsSnapshot,
} from '../ports.js';
import type { SqliteStorageThread } from './sqlite-storage-thread.js';

/**
 * One profile on the embedded engine, as the main thread sees it (ADR 0007): its files live on the
 * storage thread, which appends each batch in one transaction and builds the aggregates behind the
 * log; this side sends the batches and reads and keeps the hot state (stats, open sessions) that
 * each commit answers with, so live stats are read without a round trip.
 */
export class SqliteProfileStore implements ProfileStore {
  constructor(
    readonly profile: string,
    private readonly storage: SqliteStorageThread,
    private state: AggregateState,
  ) {}

  async append(events: readonly LiveEvent[]): Promise<AppendResult> {
    const { seqs, state } = await this.storage.call(this.profile, 'append', events);
    // Adopted once the commit succeeded (a failed batch answers with an error instead).
    this.state = state;
    const stored: StoredEvent[] = [];
    seqs.forEach((seq, i) => {
      if (seq !== null) stored.push(toStoredEvent(events[i]!, seq));
    });
    return { stored, seqs, duplicates: events.length - stored.length };
  }

  /** Writes the aggregates held in memory on the storage thread. */
  async flush(): Promise<void> {
    await this.storage.call(this.profile, 'flush');
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
    return this.storage.call(this.profile, 'listSessions', query);
  }

  getSession(id: number): Promise<SessionSummary | null> {
    return this.storage.call(this.profile, 'getSession', id);
  }

  listEvents(after: number, limit: number): Promise<StoredEvent[]> {
    return this.storage.call(this.profile, 'listEvents', after, limit);
  }

  listRecentTriggers(limit: number): Promise<StoredEvent[]> {
    return this.storage.call(this.profile, 'listRecentTriggers', limit);
  }

  leaderboard(query: LeaderboardQuery): Promise<LeaderboardRow[]> {
    return this.storage.call(this.profile, 'leaderboard', query);
  }

  listViewers(query: ViewerQuery): Promise<{ viewers: ViewerSummary[]; total: number }> {
    return this.storage.call(this.profile, 'listViewers', query);
  }

  getViewer(userId: string): Promise<ViewerSummary | null> {
    return this.storage.call(this.profile, 'getViewer', userId);
  }

  listViewerSessions(userId: string, limit: number): Promise<SessionViewerTotals[]> {
    return this.storage.call(this.profile, 'listViewerSessions', userId, limit);
  }

  activityTotals(query: { since?: number; stream?: string }): Promise<Counters> {
    return this.storage.call(this.profile, 'activityTotals', query);
  }

  listRollups(query: RollupQuery): Promise<Rollup[]> {
    return this.storage.call(this.profile, 'listRollups', query);
  }

  async putSessionAnalysis(analysis: SessionAnalysis): Promise<void> {
    await this.storage.call(this.profile, 'putSessionAnalysis', analysis);
  }

  getSessionAnalysis(sessionId: number, kind: string): Promise<SessionAnalysis | null> {
    return this.storage.call(this.profile, 'getSessionAnalysis', sessionId, kind);
  }

  listSessionAnalyses(kind: string, limit: number): Promise<SessionAnalysis[]> {
    return this.storage.call(this.profile, 'listSessionAnalyses', kind, limit);
  }

  /** Builds every aggregate again from the log; appends must not run meanwhile. */
  async rebuild(): Promise<{ events: number }> {
    const { events, state } = await this.storage.call(this.profile, 'rebuild');
    this.state = state;
    return { events };
  }

  dumpAggregates(): Promise<AggregateDump> {
    return this.storage.call(this.profile, 'dumpAggregates');
  }

  /** Sets the page cache and checkpoint interval of its files (see SqliteEngine's budgets). */
  setBudgets(cacheKiB: number, walPages: number): void {
    this.storage.setBudgets(this.profile, cacheKiB, walPages);
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
