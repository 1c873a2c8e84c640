import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { PoolUse, StorageUsage, StoreEngine } from '../store/ports.js';
import { CachedReading } from './cached-reading.js';
import { guardedCollect } from './guarded-collect.js';

/** File sizes and schema sizes are measured at most this often, however often scraped. */
const STORAGE_MAX_AGE_MS = 15_000;

/**
 * The room the data takes: bytes per profile (with the part in write-ahead logs on the embedded
 * engine), the system data, the disk left (embedded engine); and on PostgreSQL how the connection
 * pool is used. Storage is measured at scrape time, at most every STORAGE_MAX_AGE_MS (a scrape
 * storm does not stat files or query the catalog each time), and a measure that is slow answers
 * with the previous one.
 */
export class StorageMetrics {
  private readonly usage: CachedReading<StorageUsage>;

  constructor(registry: Registry, engine: Pick<StoreEngine, 'storageUsage' | 'poolUse'>, log: Logger) {
    this.usage = new CachedReading(() => engine.storageUsage(), { maxAgeMs: STORAGE_MAX_AGE_MS });
    const registers = [registry];
    const measured = <M extends { reset(): void }>(
      name: string,
      fill: (metric: M, usage: StorageUsage) => void,
    ) =>
      guardedCollect<M>(log, name, async (metric) => {
        const usage = await this.usage.get();
        metric.reset();
        if (usage) fill(metric, usage);
      });
    new Gauge({
      name: 'streampulse_storage_bytes',
      help: "Bytes a profile's data takes (embedded engine: its files with their WALs; PostgreSQL: its schema)",
      labelNames: ['profile'],
      registers,
      collect: measured<Gauge<'profile'>>('streampulse_storage_bytes', (gauge, usage) => {
        for (const p of usage.profiles) gauge.set({ profile: p.profile }, p.bytes);
      }),
    });
    new Gauge({
      name: 'streampulse_storage_wal_bytes',
      help: "The part of a profile's bytes in write-ahead logs not yet copied back (embedded engine)",
      labelNames: ['profile'],
      registers,
      collect: measured<Gauge<'profile'>>('streampulse_storage_wal_bytes', (gauge, usage) => {
        for (const p of usage.profiles) gauge.set({ profile: p.profile }, p.walBytes);
      }),
    });
    new Gauge({
      name: 'streampulse_storage_system_bytes',
      help: 'Bytes the system data takes (profiles, users, keys, the audit trail)',
      registers,
      collect: measured<Gauge>('streampulse_storage_system_bytes', (gauge, usage) =>
        gauge.set(usage.systemBytes),
      ),
    });
    new Gauge({
      name: 'streampulse_disk_bytes',
      help: 'The disk holding the data directory, by kind (free, total); embedded engine only',
      labelNames: ['kind'],
      registers,
      collect: measured<Gauge<'kind'>>('streampulse_disk_bytes', (gauge, { disk }) => {
        if (!disk) return;
        gauge.set({ kind: 'free' }, disk.freeBytes);
        gauge.set({ kind: 'total' }, disk.totalBytes);
      }),
    });
    if (engine.poolUse()) this.addPool(registry, () => engine.poolUse(), log);
  }

  private addPool(registry: Registry, poolUse: () => PoolUse | null, log: Logger): void {
    const registers = [registry];
    const pooled = <M extends { reset(): void }>(name: string, fill: (metric: M, use: PoolUse) => void) =>
      guardedCollect<M>(log, name, (metric) => {
        const use = poolUse();
        metric.reset();
        if (use) fill(metric, use);
      });
    new Gauge({
      name: 'streampulse_db_pool_connections',
      help: 'PostgreSQL connections of this instance, by state (busy, idle)',
      labelNames: ['state'],
      registers,
      collect: pooled<Gauge<'state'>>('streampulse_db_pool_connections', (gauge, use) => {
        gauge.set({ state: 'busy' }, use.total - use.idle);
        gauge.set({ state: 'idle' }, use.idle);
      }),
    });
    new Gauge({
      name: 'streampulse_db_pool_waiting',
      help: 'Requests of this instance waiting for a PostgreSQL connection',
      registers,
      collect: pooled<Gauge>('streampulse_db_pool_waiting', (gauge, use) => gauge.set(use.waiting)),
    });
    new Gauge({
      name: 'streampulse_db_pool_max',
      help: 'The most PostgreSQL connections this instance opens (STREAMPULSE_DB_POOL_SIZE)',
      registers,
      collect: pooled<Gauge>('streampulse_db_pool_max', (gauge, use) => gauge.set(use.max)),
    });
  }
}
