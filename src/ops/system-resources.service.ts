import { adviseOnResources, DEFAULT_RETENTION_DAYS, type ResourceAdvice } from '../core/resource-advice.js';
import { totalBytesOf, type LoadReading } from '../core/resource-readings.js';
import { estimateGrowth } from '../core/storage-growth.js';
import type { LoadPace } from './load-pace.js';
import { LOAD_HISTORY, type ResourceMonitor } from './resource-monitor.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface SystemResourcesOptions {
  /** Warn when the disk is full within this many days at today's growth. */
  diskHorizonDays: number;
  now: () => number;
}

/** Why a request was refused by load shedding: the figure past its limit. */
export type RefusalCause = 'event_loop_delay' | 'heap' | 'rss' | 'event_loop_utilization';

/** The System page's figures (see `SystemResourcesService.report`), as the API answers them. */
export type ResourceReport = Awaited<ReturnType<SystemResourcesService['report']>>;

/**
 * The server's resources for its admins: the latest readings and their history, the room the data
 * takes and how fast it grows, how much background work is slowed and why, the requests load
 * shedding refused, and what to do about it all in plain words.
 */
export class SystemResourcesService {
  /** Requests refused per minute (epoch minute), the last hour's. */
  private readonly refused = new Map<number, number>();
  private lastRefusal: { at: number; cause: RefusalCause } | null = null;

  constructor(
    private readonly monitor: ResourceMonitor,
    private readonly pace: LoadPace,
    private readonly options: SystemResourcesOptions,
  ) {}

  /** Counts a request that load shedding refused. */
  recordRefusal(cause: RefusalCause): void {
    const at = this.options.now();
    const minute = Math.floor(at / MINUTE_MS);
    this.refused.set(minute, (this.refused.get(minute) ?? 0) + 1);
    for (const m of this.refused.keys()) if (m <= minute - 60) this.refused.delete(m);
    this.lastRefusal = { at, cause };
  }

  /** Requests refused in the last hour. */
  refusedLastHour(): number {
    const since = Math.floor((this.options.now() - HOUR_MS) / MINUTE_MS);
    let count = 0;
    for (const [minute, n] of this.refused) if (minute > since) count += n;
    return count;
  }

  /** Everything the System page shows; reads the load and the storage first when nothing was read yet. */
  async report(shedding: { isActive: boolean }) {
    const { monitor } = this;
    if (!monitor.latest()) monitor.readLoad();
    if (monitor.storageHistory().length === 0) await monitor.readStorage();
    const load = monitor.loadHistory();
    const storage = monitor.storageHistory().at(-1) ?? null;
    const growthMinSpanMs = LOAD_HISTORY * monitor.intervalMs;
    const growth = estimateGrowth(monitor.storageHistory(), growthMinSpanMs);
    const retentionDays = (p: string) => monitor.retentionOf(p) ?? DEFAULT_RETENTION_DAYS;
    const growthOf = new Map(growth?.profiles.map((p) => [p.profile, p.bytesPerDay]));
    const pace = this.pace.state();
    const refusedLastHour = this.refusedLastHour();
    const advice: ResourceAdvice[] = adviseOnResources({
      load,
      storage,
      growth,
      retentionDays,
      horizonDays: this.options.diskHorizonDays,
      growthMinSpanMs,
      refusedLastHour,
    });
    return {
      interval_ms: monitor.intervalMs,
      current: describeReading(monitor.latest()),
      history: load.map((r) => ({
        at: r.at,
        cpu_percent: r.cpu.systemPercent,
        process_cpu_percent: r.cpu.processPercent,
        rss_bytes: r.memory.rssBytes,
        heap_used_bytes: r.memory.heapUsedBytes,
        delay_p99_ms: r.eventLoop.delayP99Ms,
        event_loop_utilization: r.eventLoop.utilization,
      })),
      storage: storage && {
        measured_at: storage.at,
        system_bytes: storage.systemBytes,
        total_bytes: totalBytesOf(storage),
        disk: storage.disk && { free_bytes: storage.disk.freeBytes, total_bytes: storage.disk.totalBytes },
        profiles: storage.profiles.map((p) => ({
          profile: p.profile,
          bytes: p.bytes,
          wal_bytes: p.walBytes,
          retention_days: retentionDays(p.profile),
          bytes_per_day: growthOf.get(p.profile) ?? null,
        })),
      },
      storage_history: monitor.storageHistory().map((s) => ({ at: s.at, total_bytes: totalBytesOf(s) })),
      growth: growth && {
        span_ms: growth.spanMs,
        bytes_per_day: growth.bytesPerDay,
        days_until_full:
          storage?.disk && growth.bytesPerDay > 0 ? storage.disk.freeBytes / growth.bytesPerDay : null,
      },
      pace: {
        delay_ms: pace.delayMs,
        pressure: pace.pressure,
        cause: pace.cause,
        reason: pace.reason,
        slowed_since: pace.slowedSince,
        waiting: pace.waiting,
        delayed_steps: pace.delayedSteps,
      },
      shedding: {
        active: shedding.isActive,
        refused_last_hour: refusedLastHour,
        last_refused_at: this.lastRefusal?.at ?? null,
        last_cause: this.lastRefusal?.cause ?? null,
      },
      advice,
    };
  }
}

function describeReading(r: LoadReading | null) {
  if (!r) return null;
  return {
    at: r.at,
    cpu: {
      system_percent: r.cpu.systemPercent,
      process_percent: r.cpu.processPercent,
      cores: r.cpu.cores,
      load_average: [...r.cpu.loadAverage],
    },
    memory: {
      rss_bytes: r.memory.rssBytes,
      heap_used_bytes: r.memory.heapUsedBytes,
      heap_limit_bytes: r.memory.heapLimitBytes,
      system_free_bytes: r.memory.systemFreeBytes,
      system_total_bytes: r.memory.systemTotalBytes,
    },
    event_loop: {
      delay_p50_ms: r.eventLoop.delayP50Ms,
      delay_p99_ms: r.eventLoop.delayP99Ms,
      delay_max_ms: r.eventLoop.delayMaxMs,
      utilization: r.eventLoop.utilization,
    },
  };
}
