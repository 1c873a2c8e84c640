import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { profileNotFound } from '../../core/errors.js';
import { isSlug } from '../../core/slug.js';
import type { ReduceOptions } from '../../core/reduce.js';
import type { ProfileStore, StoreEngine } from '../ports.js';
import { openSqliteDatabase, type SqliteSync } from './sqlite-database.js';
import { SqliteProfileStore } from './sqlite-profile-store.js';
import { SqliteSystemStore } from './sqlite-system-store.js';

export interface SqliteEngineOptions extends ReduceOptions {
  dataDir: string;
  sync: SqliteSync;
  /** Page cache shared by the open profile databases, in MiB (each gets an equal share, 1-32 MiB). */
  cacheMiB: number;
}

const MIN_CACHE_MIB = 1;
const MAX_CACHE_MIB = 32;
/** WAL pages before a checkpoint, shared like the cache: one busy profile checkpoints rarely, many profiles little and often. */
const WAL_PAGES_BUDGET = 16_384;
const MIN_WAL_PAGES = 1_000;

/**
 * The embedded engine: `<dataDir>/system.db` and one `<dataDir>/profiles/<profile>.db` per profile.
 * Profile ids are checked to be slugs before they become part of a path, and a profile's file is
 * opened only while the profile exists in the system database.
 */
export class SqliteEngine implements StoreEngine {
  readonly system: SqliteSystemStore;
  private readonly profiles = new Map<string, SqliteProfileStore>();
  private readonly profileDir: string;

  constructor(private readonly options: SqliteEngineOptions) {
    this.profileDir = path.join(options.dataDir, 'profiles');
    mkdirSync(this.profileDir, { recursive: true });
    this.system = new SqliteSystemStore(
      openSqliteDatabase(path.join(options.dataDir, 'system.db'), 'system', options.sync),
    );
  }

  profileFile(profile: string): string {
    if (!isSlug(profile))
      throw new Error(`refusing a profile id that is not a slug: ${JSON.stringify(profile)}`);
    return path.join(this.profileDir, `${profile}.db`);
  }

  async openProfile(profile: string): Promise<ProfileStore> {
    const open = this.profiles.get(profile);
    if (open) return open;
    // Never (re)create the file of a profile that does not exist, e.g. one deleted meanwhile.
    if (!(await this.system.getProfile(profile))) throw profileNotFound(profile);
    const cached = this.profiles.get(profile);
    if (cached) return cached;
    const db = openSqliteDatabase(this.profileFile(profile), 'profile', this.options.sync);
    const store = new SqliteProfileStore(profile, db, this.options);
    this.profiles.set(profile, store);
    this.shareBudgets();
    return store;
  }

  /**
   * Splits the page cache and the WAL budgets over the open profiles: one busy profile gets a
   * large cache (viewer totals are upserted at random keys) and rare checkpoints; a hundred
   * profiles neither take a hundred large caches nor checkpoint a hundred large WALs at once.
   */
  private shareBudgets(): void {
    const n = this.profiles.size;
    const cacheKiB = Math.round(
      Math.min(MAX_CACHE_MIB, Math.max(MIN_CACHE_MIB, this.options.cacheMiB / n)) * 1024,
    );
    const walPages = Math.max(MIN_WAL_PAGES, Math.round(WAL_PAGES_BUDGET / n));
    for (const store of this.profiles.values()) store.setBudgets(cacheKiB, walPages);
  }

  async dropProfile(profile: string): Promise<void> {
    const file = this.profileFile(profile);
    await this.profiles.get(profile)?.close();
    this.profiles.delete(profile);
    if (this.profiles.size > 0) this.shareBudgets();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }

  isReady(): Promise<boolean> {
    return Promise.resolve(true);
  }

  async close(): Promise<void> {
    for (const store of this.profiles.values()) await store.close();
    this.profiles.clear();
    await this.system.close();
  }
}
