import type { Platform } from '../core/platform.js';
import type { AccountStore } from './account-store.port.js';
export type { ApiKey, ApiKeyStore } from './api-key-store.port.js';
export type { OverlayToken, OverlayTokenSecret, OverlayTokenStore } from './overlay-token-store.port.js';
export type { AuditActorKind, AuditEntry, AuditLog, AuditQuery } from './audit-log.port.js';
export type { UsageDay, UsageStore } from './usage-store.port.js';
import type { ApiKeyStore } from './api-key-store.port.js';
import type { AuditLog } from './audit-log.port.js';
import type { OverlayTokenStore } from './overlay-token-store.port.js';
import type { UsageStore } from './usage-store.port.js';
import type { AggregateMaintenance } from './aggregate-maintenance.port.js';
import type { EventLog } from './event-log.port.js';
import type { EventReads, LeaderboardReads, SessionReads, StatsReads, ViewerReads } from './read-ports.js';
import type { SessionAnalysisStore } from './session-analysis.port.js';
import type { ClipStore } from './clip-store.port.js';
import type { ClipAggregateMaintenance, ClipAnalyticsReads } from './clip-analytics.port.js';
import type { DatabaseCare } from './database-care.port.js';
import type { ObsStore } from './obs-store.port.js';
export type { ObsHealthMinute, ObsRecording, ObsStore } from './obs-store.port.js';
export type { DatabaseCare, OptimizedPart, OptimizeOutcome } from './database-care.port.js';
import type { RetentionStore } from './retention.port.js';
export type {
  RetentionRange,
  RetentionRun,
  RetentionRunStart,
  RetentionRunStatus,
  RetentionStore,
} from './retention.port.js';

// The ports' own types, importable from here as before.
export type {
  AccountStore,
  LoginSession,
  Membership,
  User,
  UserPatch,
  UserRecord,
} from './account-store.port.js';
export type { AggregateDump, AggregateMaintenance } from './aggregate-maintenance.port.js';
export type { AppendFlowControl, AppendResult, EventLog } from './event-log.port.js';
export type {
  EventReads,
  GiftTotal,
  LeaderboardQuery,
  LeaderboardReads,
  LeaderboardRow,
  QuarterRollup,
  RollupColumns,
  RollupColumnsQuery,
  RollupField,
  RollupQuery,
  SessionQuery,
  SessionReads,
  SessionScope,
  SessionSummary,
  SessionViewersQuery,
  StartedSessionsQuery,
  StatsReads,
  StatsSnapshot,
  ViewerQuery,
  ViewerReads,
  ViewerSessionEntry,
  ViewerSummary,
} from './read-ports.js';
export type { SessionAnalysis, SessionAnalysisStore } from './session-analysis.port.js';
export type {
  ClipDue,
  ClipReactionChange,
  ClipShare,
  ClipStore,
  ClipUpsert,
  ClipUpsertResult,
  ClipViewReading,
  StoredClip,
} from './clip-store.port.js';
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
  close(): Promise<void>;
}

/**
 * Everything one profile's store offers, as an engine opens it. Callers depend on the narrow
 * ports they use: the event log (the batcher), the read ports of their analytics area, the
 * session-analysis store, the maintenance of whole profiles (the CLI).
 */
export interface ProfileStore
  extends
    EventLog,
    StatsReads,
    SessionReads,
    LeaderboardReads,
    ViewerReads,
    EventReads,
    SessionAnalysisStore,
    ClipStore,
    ClipAnalyticsReads,
    ClipAggregateMaintenance,
    RetentionStore,
    AggregateMaintenance,
    ObsStore {
  close(): Promise<void>;
}

/** Opens a profile's store, seen through the ports `T` a caller needs (a `StoreEngine` is one). */
export interface ProfileStores<T> {
  openProfile(profile: string): Promise<T>;
}

/** How much room one profile's data takes. */
export interface ProfileStorage {
  profile: string;
  /** Every byte of the profile's data as the engine keeps it (SQLite: its files with their WALs). */
  bytes: number;
  /** The part of `bytes` in write-ahead logs not yet copied back (SQLite), 0 where there is none. */
  walBytes: number;
}

/** The room the engine's data takes, and what is left where it lives. */
export interface StorageUsage {
  /** The system data: profiles, users, keys, the audit trail. */
  systemBytes: number;
  profiles: ProfileStorage[];
  /**
   * Free and total bytes of the disk holding the data directory; null where the data is not on
   * this machine's disk (PostgreSQL).
   */
  disk: { freeBytes: number; totalBytes: number } | null;
}

/** How a connection pool is used now (PostgreSQL). */
export interface PoolUse {
  /** Connections open, idle or lent out. */
  total: number;
  /** Connections open and idle. */
  idle: number;
  /** Requests waiting for a connection. */
  waiting: number;
  /** The most connections the pool opens. */
  max: number;
}

/** A storage engine: the system store and one store per profile. Chosen once, in main.ts. */
export interface StoreEngine {
  readonly system: SystemStore;
  /** Users, login sessions and roles. */
  readonly accounts: AccountStore;
  /** The profiles' API keys. */
  readonly keys: ApiKeyStore;
  /** The profiles' overlay tokens. */
  readonly overlayTokens: OverlayTokenStore;
  /** The append-only trail of changes. */
  readonly audit: AuditLog;
  /** Daily usage per profile. */
  readonly usage: UsageStore;
  /** Opens (or returns the already open) store of a profile; runs its migrations on first open. */
  openProfile(profile: string): Promise<ProfileStore>;
  /** Closes a profile's store and deletes all of its data. */
  dropProfile(profile: string): Promise<void>;
  /** Whether the engine can serve requests now. */
  isReady(): Promise<boolean>;
  /** The room the system data and every profile take now (profiles in id order). */
  storageUsage(): Promise<StorageUsage>;
  /** Its connection pool's use now; null for an engine without one (the embedded engine). Cheap: no I/O. */
  poolUse(): PoolUse | null;
  /** See DatabaseCare. */
  optimize: DatabaseCare['optimize'];
  close(): Promise<void>;
}
