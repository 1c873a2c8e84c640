import { profileNotFound } from '../../core/errors.js';
import type { ReduceOptions } from '../../core/reduce.js';
import type { OptimizeOutcome, PoolUse, ProfileStore, StorageUsage, StoreEngine } from '../ports.js';
import { migrateSchema, SYSTEM_SCHEMA } from './postgres-migrations.js';
import { createPool, inTransaction, quoteIdent, type PgPool, type StoreLog } from './postgres-pool.js';
import { PostgresProfileStore } from './postgres-profile-store.js';
import { PostgresSystemStore } from './postgres-system-store.js';
import { PostgresAccountStore } from './postgres-account-store.js';
import { PostgresApiKeyStore } from './postgres-api-key-store.js';
import { PostgresOverlayTokenStore } from './postgres-overlay-token-store.js';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { PostgresUsageStore } from './postgres-usage-store.js';
import { ProfileSchema } from './profile-schema.js';
import { migrateSnapshotSchema } from './postgres-aggregate-snapshot.js';
import { measurePostgresStorage } from './postgres-storage-usage.js';
import { optimizePostgresProfile } from './postgres-optimize.js';

export interface PostgresEngineOptions extends ReduceOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Connections the pool may open (ingest holds one per profile write; reads take one each). */
  poolSize: number;
  log?: StoreLog;
}

const READY_TIMEOUT_MS = 2_000;

/**
 * The PostgreSQL engine: the system tables in schema `sp_system`, each profile's log and
 * aggregates in a schema of its own (`p_<profile>`, see docs/adr/0005-postgres-profile-isolation.md),
 * over one connection pool. Construction opens nothing; `migrate()` (called by `open`, and again
 * by the first use after a failure) applies the system migrations, `openProfile` a profile's.
 */
export class PostgresEngine implements StoreEngine {
  readonly system: PostgresSystemStore;
  readonly accounts: PostgresAccountStore;
  readonly keys: PostgresApiKeyStore;
  readonly overlayTokens: PostgresOverlayTokenStore;
  readonly audit: PostgresAuditLog;
  readonly usage: PostgresUsageStore;
  private readonly pool: PgPool;
  private readonly profiles = new Map<string, Promise<PostgresProfileStore>>();
  private migrated: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: PostgresEngineOptions) {
    this.pool = createPool(options.url, options.poolSize, options.log);
    this.system = new PostgresSystemStore(this.pool, () => this.migrate());
    this.accounts = new PostgresAccountStore(this.pool, () => this.migrate());
    this.keys = new PostgresApiKeyStore(this.pool, () => this.migrate());
    this.overlayTokens = new PostgresOverlayTokenStore(this.pool, () => this.migrate());
    this.audit = new PostgresAuditLog(this.pool, () => this.migrate());
    this.usage = new PostgresUsageStore(this.pool, () => this.migrate());
  }

  /** An engine with its system schema migrated. Throws (and ends the pool) if that fails. */
  static async open(options: PostgresEngineOptions): Promise<PostgresEngine> {
    const engine = new PostgresEngine(options);
    try {
      await engine.migrate();
    } catch (err) {
      await engine.close();
      throw err;
    }
    return engine;
  }

  /** Applies pending system migrations once per process; a failed attempt is retried on the next call. */
  migrate(): Promise<void> {
    this.migrated ??= migrateSchema(this.pool, SYSTEM_SCHEMA, 'system').then(
      () => undefined,
      (err: unknown) => {
        this.migrated = null;
        throw err;
      },
    );
    return this.migrated;
  }

  openProfile(profile: string): Promise<ProfileStore> {
    let store = this.profiles.get(profile);
    if (!store) {
      store = this.loadProfile(profile);
      this.profiles.set(profile, store);
      // A failed open (profile missing, database down) is not cached: the next call tries again.
      store.catch(() => this.profiles.delete(profile));
    }
    return store;
  }

  private async loadProfile(profile: string): Promise<PostgresProfileStore> {
    // Never (re)create the schema of a profile that does not exist, e.g. one deleted meanwhile.
    if (!(await this.system.getProfile(profile))) throw profileNotFound(profile);
    const schema = new ProfileSchema(this.pool, profile);
    await migrateSchema(this.pool, schema.name, 'profile');
    await migrateSnapshotSchema(this.pool, schema);
    const store = new PostgresProfileStore(schema, this.options);
    await store.load();
    return store;
  }

  async dropProfile(profile: string): Promise<void> {
    const schema = new ProfileSchema(this.pool, profile);
    const open = this.profiles.get(profile);
    this.profiles.delete(profile);
    await open?.then((s) => s.close()).catch(() => undefined);
    // Inside the profile's append lock: an append in flight on another instance finishes first;
    // and its snapshot lock, so a retention run's first step cannot create the snapshot after.
    await schema.write(async (c) => {
      await schema.lockSnapshot(c);
      await c.query(
        `DROP SCHEMA IF EXISTS ${quoteIdent(schema.name)}, ${quoteIdent(schema.snapshotName)} CASCADE`,
      );
    });
  }

  /** True when the database answers and the system schema is migrated; false (never a throw) otherwise. */
  async isReady(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
    });
    const probe = this.migrate()
      .then(() => inTransaction(this.pool, 'BEGIN READ ONLY', (c) => c.query('SELECT 1')))
      .then(
        () => true,
        () => false,
      );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async storageUsage(): Promise<StorageUsage> {
    await this.migrate();
    const profiles = await this.system.listProfiles();
    return measurePostgresStorage(
      this.pool,
      profiles.map((p) => p.id),
    );
  }

  /** ANALYZE (and VACUUM) of the profile's schema; autovacuum does the same by itself. */
  async optimize(profile: string, options: { vacuum: boolean }): Promise<OptimizeOutcome> {
    await this.openProfile(profile);
    return optimizePostgresProfile(this.pool, profile, options.vacuum);
  }

  poolUse(): PoolUse {
    const { totalCount, idleCount, waitingCount } = this.pool;
    return { total: totalCount, idle: idleCount, waiting: waitingCount, max: this.options.poolSize };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const open = [...this.profiles.values()];
    this.profiles.clear();
    for (const store of open) await store.then((s) => s.close()).catch(() => undefined);
    await this.pool.end();
  }
}
