import { mkdirSync, rmSync } from 'node:fs';
import type { Logger } from 'pino';
import path from 'node:path';
import { profileNotFound } from '../../core/errors.js';
import { isSlug } from '../../core/slug.js';
import type { ReduceOptions } from '../../core/reduce.js';
import type { OptimizeOutcome, ProfileStore, StorageUsage, StoreEngine } from '../ports.js';
import { openSqliteDatabase, type SqliteSync } from './sqlite-database.js';
import { SqliteProfileStore } from './sqlite-profile-store.js';
import { aggregatesFileOf, snapshotFileOf } from './profile-files.js';
import { SqliteStorage } from './sqlite-storage.js';
import { measureSqliteStorage } from './sqlite-storage-usage.js';
import type { CheckpointOutcome } from './wal-checkpointer.js';
import { SqliteSystemStore } from './sqlite-system-store.js';
import { SqliteAccountStore } from './sqlite-account-store.js';
import { SqliteApiKeyStore } from './sqlite-api-key-store.js';
import { SqliteOverlayTokenStore } from './sqlite-overlay-token-store.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { SqliteUsageStore } from './sqlite-usage-store.js';
import type { StartThread } from './worker-client.js';

export interface SqliteEngineOptions extends ReduceOptions {
  dataDir: string;
  sync: SqliteSync;
  /** Page cache shared by the open profile databases, in MiB (each gets an equal share, 1-32 MiB). */
  cacheMiB: number;
  /** Longest time (ms) a profile's aggregate tables may lag its log; 5,000 unless set. */
  aggregateFlushMs?: number;
  /** Events folded in memory after which a profile's aggregates are written; 200,000 unless set. */
  aggregateFlushEvents?: number;
  /** The same while the profile's aggregates are being read (see `readFlushEvents`); 5,000 unless set. */
  aggregateReadFlushEvents?: number;
  /** Where failed background writes of aggregates are reported (they are retried). */
  log?: Logger;
  /** How often each open profile's files get `PRAGMA optimize` (ms); 0 or unset: only on close and on demand. */
  optimizeEveryMs?: number;
  /** WAL pages shared by the open profiles before a checkpoint (and the size a WAL goes back to); 16,384 unless set. */
  walPagesBudget?: number;
  /**
   * Starts each storage thread, from its module name (`sqlite-log-worker`,
   * `sqlite-aggregates-worker`); `startModuleWorker` unless set. A caller may keep the threads it
   * started, e.g. to stop one as a crash would.
   */
  startThread?: StartThread;
}

const DEFAULT_FLUSH_MS = 5_000;
const DEFAULT_FLUSH_EVENTS = 200_000;
/**
 * While a profile's aggregates are read: at 20,000 events/s a write every quarter second, of
 * ~25 ms, instead of one of ~300 ms every 5 s that a read may land behind (or have to make).
 */
const DEFAULT_READ_FLUSH_EVENTS = 5_000;

const MIN_CACHE_MIB = 1;
const MAX_CACHE_MIB = 32;
/** WAL pages before a checkpoint, shared like the cache: one busy profile checkpoints rarely, many profiles little and often. */
const WAL_PAGES_BUDGET = 16_384;
const MIN_WAL_PAGES = 1_000;

/**
 * The embedded engine: `<dataDir>/system.db`, and per profile its event log
 * `<dataDir>/profiles/<profile>.db` beside its aggregates `<profile>.aggregates.db`, kept by the
 * log thread and the aggregates thread (ADR 0007). Profile ids are checked to be slugs before
 * they become part of a path, and a profile's files are opened only while the profile exists in
 * the system database.
 */
export class SqliteEngine implements StoreEngine {
  readonly system: SqliteSystemStore;
  readonly accounts: SqliteAccountStore;
  readonly keys: SqliteApiKeyStore;
  readonly overlayTokens: SqliteOverlayTokenStore;
  readonly audit: SqliteAuditLog;
  readonly usage: SqliteUsageStore;
  private readonly profiles = new Map<string, Promise<SqliteProfileStore>>();
  private readonly profileDir: string;
  private readonly storage: SqliteStorage;

  constructor(private readonly options: SqliteEngineOptions) {
    this.profileDir = path.join(options.dataDir, 'profiles');
    mkdirSync(this.profileDir, { recursive: true });
    const systemDb = openSqliteDatabase(path.join(options.dataDir, 'system.db'), 'system', options.sync);
    this.system = new SqliteSystemStore(systemDb);
    this.accounts = new SqliteAccountStore(systemDb);
    this.keys = new SqliteApiKeyStore(systemDb);
    this.overlayTokens = new SqliteOverlayTokenStore(systemDb);
    this.audit = new SqliteAuditLog(systemDb);
    this.usage = new SqliteUsageStore(systemDb);
    this.storage = new SqliteStorage(options.log, options.startThread);
  }

  profileFile(profile: string): string {
    if (!isSlug(profile))
      throw new Error(`refusing a profile id that is not a slug: ${JSON.stringify(profile)}`);
    return path.join(this.profileDir, `${profile}.db`);
  }

  /** The file of a profile's aggregates, beside its log. */
  aggregatesFile(profile: string): string {
    return aggregatesFileOf(this.profileFile(profile));
  }

  /** Every file of a profile: its log, its aggregates and its aggregates snapshot (retention). */
  filesOf(profile: string): string[] {
    const log = this.profileFile(profile);
    return [log, this.aggregatesFile(profile), snapshotFileOf(log)];
  }

  openProfile(profile: string): Promise<ProfileStore> {
    let store = this.profiles.get(profile);
    if (!store) {
      store = this.open(profile);
      this.profiles.set(profile, store);
      store.catch(() => this.profiles.delete(profile));
    }
    return store;
  }

  private async open(profile: string): Promise<SqliteProfileStore> {
    // Never (re)create the files of a profile that does not exist, e.g. one deleted meanwhile.
    if (!(await this.system.getProfile(profile))) throw profileNotFound(profile);
    const { state, lastSeq } = await this.storage.openProfile(profile, {
      logFile: this.profileFile(profile),
      aggregatesFile: this.aggregatesFile(profile),
      sync: this.options.sync,
      optimizeEveryMs: this.options.optimizeEveryMs,
      aggregates: {
        sessionGapMs: this.options.sessionGapMs,
        flushDelayMs: this.options.aggregateFlushMs ?? DEFAULT_FLUSH_MS,
        flushEvents: this.options.aggregateFlushEvents ?? DEFAULT_FLUSH_EVENTS,
        readFlushEvents: this.options.aggregateReadFlushEvents ?? DEFAULT_READ_FLUSH_EVENTS,
      },
    });
    const store = new SqliteProfileStore(profile, this.storage, state, lastSeq);
    this.shareBudgets(store);
    return store;
  }

  /**
   * Splits the page cache and the WAL budgets over the open profiles: one busy profile gets a
   * large cache (viewer totals are upserted at random keys) and rare checkpoints; a hundred
   * profiles neither take a hundred large caches nor checkpoint a hundred large WALs at once.
   */
  private shareBudgets(opened?: SqliteProfileStore): void {
    const n = this.profiles.size;
    const cacheKiB = Math.round(
      Math.min(MAX_CACHE_MIB, Math.max(MIN_CACHE_MIB, this.options.cacheMiB / n)) * 1024,
    );
    const walPages = Math.max(
      MIN_WAL_PAGES,
      Math.round((this.options.walPagesBudget ?? WAL_PAGES_BUDGET) / n),
    );
    const share = (store: SqliteProfileStore) =>
      store
        .setBudgets(cacheKiB, walPages)
        .catch((err: unknown) =>
          this.options.log?.warn({ err, profile: store.profile }, 'page cache not set'),
        );
    if (opened) void share(opened);
    for (const pending of this.profiles.values()) {
      // Stores still opening get their share when they are done.
      void pending.then(
        (store) => (store === opened ? undefined : share(store)),
        () => undefined,
      );
    }
  }

  async dropProfile(profile: string): Promise<void> {
    const pending = this.profiles.get(profile);
    this.profiles.delete(profile);
    await pending?.then(
      (store) => store.discard(),
      () => undefined,
    );
    if (this.profiles.size > 0) this.shareBudgets();
    for (const file of this.filesOf(profile)) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  }

  /**
   * The page cache (KiB) of an open profile's aggregates and of its log, and its WAL checkpoint
   * interval (pages), as its files have them now: their share of `cacheMiB` and of the WAL budget
   * over the open profiles. Throws for a profile that is not open.
   */
  async pageBudgets(profile: string): Promise<{ cacheKiB: number; logCacheKiB: number; walPages: number }> {
    const [aggregates, logCacheKiB] = await Promise.all([
      this.storage.aggregates(profile, 0, 'budgets'),
      this.storage.log(profile, 'cacheKiB'),
    ]);
    return { ...aggregates, logCacheKiB };
  }

  /**
   * Copies an open profile's WALs into its files now (the checkpoint thread does so every second
   * for the files written since): what each checkpoint did, the log's first. None for a profile
   * that is not open.
   */
  checkpoint(profile: string): Promise<CheckpointOutcome[]> {
    return this.storage.checkpoint(profile);
  }

  /** Runs on the checkpoint thread's connections to the profile's files (see DatabaseCare). */
  async optimize(profile: string, options: { vacuum: boolean }): Promise<OptimizeOutcome> {
    await this.openProfile(profile);
    const parts = await this.storage.optimize(profile, options.vacuum);
    return { profile, vacuumed: options.vacuum, parts };
  }

  isReady(): Promise<boolean> {
    return Promise.resolve(true);
  }

  async storageUsage(): Promise<StorageUsage> {
    const profiles = await this.system.listProfiles();
    return measureSqliteStorage({
      dataDir: this.options.dataDir,
      systemFile: path.join(this.options.dataDir, 'system.db'),
      profiles: profiles.map((p) => p.id),
      filesOf: (profile) => this.filesOf(profile),
    });
  }

  /** No pool: each profile's files are opened once and kept. */
  poolUse(): null {
    return null;
  }

  async close(): Promise<void> {
    for (const pending of this.profiles.values()) {
      const store = await pending.catch(() => null);
      await store?.close();
    }
    this.profiles.clear();
    await this.storage.close();
    await this.system.close();
  }
}
