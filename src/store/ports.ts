import type {
  AggregateState,
  Rollup,
  Session,
  SessionViewerGift,
  SessionViewerTotals,
  Stats,
  ViewerTotals,
} from '../core/aggregates.js';
import type { CounterField, Counters } from '../core/counters.js';
import type { LiveEvent, StoredEvent } from '../core/live-event.js';
import type { Platform } from '../core/platform.js';
import type { VoidOutcome, VoidRequest } from '../core/void-target.js';

export { PLATFORMS, type Platform } from '../core/platform.js';

export interface Profile {
  id: string;
  name: string;
  created_at: number;
}

export interface StreamInfo {
  id: string;
  platform: Platform;
  channel: string;
  enabled: boolean;
  /** Whether the stream is being recorded (reported by the clipper or the dashboard). */
  recording: boolean;
  created_at: number;
}

export type StreamPatch = Partial<Pick<StreamInfo, 'channel' | 'enabled' | 'recording'>>;

/**
 * Profiles, their streams and settings: the data shared across profiles. Throws
 * `ConflictError` on a duplicate id and `NotFoundError` when a named profile does not exist.
 */
export interface SystemStore {
  listProfiles(): Promise<Profile[]>;
  getProfile(id: string): Promise<Profile | null>;
  createProfile(input: { id: string; name: string }): Promise<Profile>;
  renameProfile(id: string, name: string): Promise<Profile>;
  /** Removes the profile, its streams and settings. Returns false if it did not exist. */
  deleteProfile(id: string): Promise<boolean>;
  listStreams(profile: string): Promise<StreamInfo[]>;
  createStream(profile: string, input: Omit<StreamInfo, 'created_at' | 'recording'>): Promise<StreamInfo>;
  updateStream(profile: string, id: string, patch: StreamPatch): Promise<StreamInfo>;
  deleteStream(profile: string, id: string): Promise<boolean>;
  getSettings(profile: string): Promise<Record<string, unknown>>;
  putSetting(profile: string, key: string, value: unknown): Promise<void>;
  /** Stores a key's hash (never the key). Throws `NotFoundError` if the profile does not exist. */
  createIngestKey(key: IngestKey & { hash: string }): Promise<void>;
  listIngestKeys(profile: string): Promise<IngestKey[]>;
  deleteIngestKey(profile: string, id: string): Promise<boolean>;
  /** The key with this hash, or null. */
  findIngestKey(hash: string): Promise<IngestKey | null>;
  close(): Promise<void>;
}

/** A key that lets a client push one profile's events; `hint` is its last characters. */
export interface IngestKey {
  id: string;
  profile: string;
  name: string;
  hint: string;
  created_at: number;
}

export interface AppendResult {
  /** The accepted events with their sequence numbers, in log order. */
  stored: StoredEvent[];
  /** For each input event, in input order: its sequence number, or null if it was a duplicate. */
  seqs: (number | null)[];
  /** How many events were ignored because their source id was already stored for that stream. */
  duplicates: number;
}

export interface SessionSummary extends Session {
  is_live: boolean;
  duration_ms: number;
  avg_viewers: number | null;
  unique_viewers: number;
  unique_chatters: number;
}

export interface StatsSnapshot {
  combined: Stats;
  streams: Record<string, Stats>;
}

/** Every aggregate a profile holds, in a stable order: what `rebuild` must reproduce exactly. */
export interface AggregateDump {
  stats: StatsSnapshot;
  sessions: Session[];
  rollups: Rollup[];
  viewers: ViewerTotals[];
  sessionViewers: SessionViewerTotals[];
  sessionGifts: SessionViewerGift[];
}

/** Which sessions a leaderboard covers: one, those started in [from, to), or all activity ever. */
export type SessionScope = { session: number } | { from: number; to: number } | 'all';

export interface LeaderboardQuery {
  metric: CounterField;
  scope: SessionScope;
  limit: number;
}

/** One gift type a viewer gave. */
export interface GiftTotal {
  gift_id: string;
  gift_name: string;
  count: number;
  coins: number;
}

/** A viewer's totals over a scope, with the gifts behind them. */
export interface LeaderboardRow extends ViewerTotals {
  gift_types: GiftTotal[];
  /** The single gift event worth the most coins (a streak counts as one). */
  biggest_gift: { gift_id: string; gift_name: string; coins: number } | null;
}

export interface ViewerQuery {
  /** Part of the name or display name, case-insensitive. */
  search?: string;
  sort: CounterField | 'last_seen' | 'first_seen' | 'events';
  limit: number;
  offset: number;
}

/** A viewer's totals across the profile and how many sessions they took part in. */
export interface ViewerSummary extends ViewerTotals {
  sessions: number;
}

export interface RollupQuery {
  stream?: string;
  from: number;
  to: number;
  /** At most this many rows (the first by minute, then stream): a caller bounding its memory. */
  limit?: number;
}

/** A result computed for one session, stored as JSON. */
export interface SessionAnalysis {
  session_id: number;
  kind: string;
  computed_at: number;
  result: unknown;
}

export interface SessionQuery {
  stream?: string;
  /** Only sessions that started before this time (epoch ms), for paging back. */
  before?: number;
  limit: number;
}

/**
 * One profile's event log and aggregates. `append` is the only writer: in one transaction it
 * stores the new events (ignoring a source id already stored on the same stream) and applies the
 * batch's delta to every aggregate. When it resolves the events are durable.
 */
export interface ProfileStore {
  readonly profile: string;
  /**
   * How many appends of this profile the store takes at once, applied in the order they were
   * called (each still all or nothing); 1 when not set. The batcher keeps that many in flight.
   */
  readonly appendsInFlight?: number;
  /**
   * With more than one append in flight: resolves when the store would start on another one
   * (the latest append no longer needs the CPU, or has settled). Until then the batcher keeps
   * gathering events, so the next batch is as big as what arrived meanwhile. At once when absent.
   */
  readyForAppend?(): Promise<void>;
  append(events: readonly LiveEvent[]): Promise<AppendResult>;
  /**
   * Writes aggregates the engine keeps in memory behind the log (reads see them either way);
   * resolves at once for an engine that writes them with every batch.
   */
  flush(): Promise<void>;
  /** The hot aggregate state held in memory (stats and open sessions). */
  currentState(): AggregateState;
  getStats(): Promise<StatsSnapshot>;
  listSessions(query: SessionQuery): Promise<SessionSummary[]>;
  getSession(id: number): Promise<SessionSummary | null>;
  /**
   * Events with `seq > after`, ascending, at most `limit`; a voided one carries `voided_by`. With
   * `maxBytes`, the page stops early (after its first event) once its events' text and data
   * would pass that many characters.
   */
  listEvents(after: number, limit: number, maxBytes?: number): Promise<StoredEvent[]>;
  /** The latest `limit` trigger events not voided, newest first. */
  listRecentTriggers(limit: number): Promise<StoredEvent[]>;
  /** Viewers ranked by a counter over a scope, highest first; viewers with 0 are left out. */
  leaderboard(query: LeaderboardQuery): Promise<LeaderboardRow[]>;
  listViewers(query: ViewerQuery): Promise<{ viewers: ViewerSummary[]; total: number }>;
  getViewer(userId: string): Promise<ViewerSummary | null>;
  /** The sessions a viewer took part in, newest first, with what they did in each. */
  listViewerSessions(userId: string, limit: number): Promise<SessionViewerTotals[]>;
  /**
   * Activity counters summed over every event of a stream (or all streams): since `since` (epoch
   * ms; minute resolution, from the rollups), or ever (from the sessions, which hold every
   * counted event).
   */
  activityTotals(query: { since?: number; stream?: string }): Promise<Counters>;
  /** 1-minute rollups with `from <= minute < to` (epoch ms), of one stream or all, by minute then stream. */
  listRollups(query: RollupQuery): Promise<Rollup[]>;
  /** Stores (replacing) a result computed for a session, e.g. `kind` 'drivers'. */
  putSessionAnalysis(analysis: SessionAnalysis): Promise<void>;
  getSessionAnalysis(sessionId: number, kind: string): Promise<SessionAnalysis | null>;
  /** Results of one kind, newest session first, at most `limit`. */
  listSessionAnalyses(kind: string, limit: number): Promise<SessionAnalysis[]>;
  /**
   * Records a void stamped `at` in the log, marks the events it takes back, and brings every
   * aggregate and the hot state to what they would be had those events never been stored
   * (folding the log again). Appends must not run meanwhile (the batcher pauses them). With
   * `dryRun`, only counts. Throws `ValidationError` VOID_MATCHES_NOTHING or VOID_TOO_LARGE.
   */
  voidEvents(request: VoidRequest, at: number): Promise<VoidOutcome>;
  /** Drops every aggregate and replays the whole log (voided events left out) through the same reducer. */
  rebuild(): Promise<{ events: number }>;
  dumpAggregates(): Promise<AggregateDump>;
  close(): Promise<void>;
}

/** A storage engine: the system store and one store per profile. Chosen once, in main.ts. */
export interface StoreEngine {
  readonly system: SystemStore;
  /** Opens (or returns the already open) store of a profile; runs its migrations on first open. */
  openProfile(profile: string): Promise<ProfileStore>;
  /** Closes a profile's store and deletes all of its data. */
  dropProfile(profile: string): Promise<void>;
  /** Whether the engine can serve requests now. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}
