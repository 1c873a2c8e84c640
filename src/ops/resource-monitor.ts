import type { Logger } from 'pino';
import type { LoadReading, StorageReading } from '../core/resource-readings.js';
import { thinHistory } from '../core/storage-growth.js';
import type { StorageUsage } from '../store/ports.js';
import type { LoadProbe } from './load-probe.js';

/** Load readings kept: an hour at the default interval of 10 s. */
export const LOAD_HISTORY = 360;
/** The storage is measured once every this many load readings (a minute at the default interval). */
export const STORAGE_EVERY = 6;
/** Storage readings kept, thinned as they age (see `thinHistory`): days of history in little memory. */
const STORAGE_HISTORY = 288;

export interface ResourceMonitorDeps {
  probe: LoadProbe;
  /** The room the data takes now (the storage engine's `storageUsage`). */
  measureStorage: () => Promise<StorageUsage>;
  /** Days of raw events a profile keeps (its settings). */
  retentionDays: (profile: string) => Promise<number>;
  /** Pause between two load readings (ms). */
  intervalMs: number;
  now: () => number;
  log: Logger;
}

/** A load reading as it is made, to whoever follows them (the background pace). */
export type LoadListener = (reading: LoadReading) => void;

/**
 * Reads the machine's load every `intervalMs` and the room the data takes every STORAGE_EVERY
 * readings, keeping a bounded history of both: the last LOAD_HISTORY load readings, and storage
 * readings thinned as they age so that growth over days stays known. Nothing it does reaches the
 * timers: a failed storage measure is logged and tried again at the next turn. `close` stops it.
 */
export class ResourceMonitor {
  private readonly load: LoadReading[] = [];
  private readonly storage: StorageReading[] = [];
  private retention = new Map<string, number>();
  private readonly listeners = new Set<LoadListener>();
  private timer: NodeJS.Timeout | null = null;
  private turn = 0;
  private measuring: Promise<StorageReading | null> | null = null;

  constructor(private readonly deps: ResourceMonitorDeps) {}

  /** Pause between two load readings (ms). */
  get intervalMs(): number {
    return this.deps.intervalMs;
  }

  /** Reads now, then every interval. */
  start(): void {
    if (this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.deps.intervalMs);
    this.timer.unref();
  }

  /** Stops reading; a storage measure under way is awaited. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.deps.probe.close();
    await this.measuring;
  }

  /** Reads the load now, keeps the reading and tells the listeners. */
  readLoad(): LoadReading {
    const reading = this.deps.probe.read(this.deps.now());
    this.load.push(reading);
    if (this.load.length > LOAD_HISTORY) this.load.splice(0, this.load.length - LOAD_HISTORY);
    for (const listener of this.listeners) {
      try {
        listener(reading);
      } catch (err) {
        this.deps.log.warn({ err }, 'load reading not taken by a listener');
      }
    }
    return reading;
  }

  /**
   * Measures the room the data takes now and keeps it with each profile's retention; one measure
   * at a time (a call meanwhile gets the one under way). Null when the measure failed (logged).
   */
  readStorage(): Promise<StorageReading | null> {
    this.measuring ??= this.measure().finally(() => {
      this.measuring = null;
    });
    return this.measuring;
  }

  /** The latest load reading; null before the first. */
  latest(): LoadReading | null {
    return this.load.at(-1) ?? null;
  }

  /** The load readings kept, oldest first. */
  loadHistory(): readonly LoadReading[] {
    return this.load;
  }

  /** The storage readings kept, oldest first. */
  storageHistory(): readonly StorageReading[] {
    return this.storage;
  }

  /** Days of raw events each profile keeps, as of the latest storage reading. */
  retentionOf(profile: string): number | undefined {
    return this.retention.get(profile);
  }

  /** Follows the load readings; returns the way to stop following. */
  onReading(listener: LoadListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tick(): void {
    try {
      this.readLoad();
    } catch (err) {
      this.deps.log.warn({ err }, 'load not read');
    }
    if (this.turn++ % STORAGE_EVERY === 0) void this.readStorage();
  }

  private async measure(): Promise<StorageReading | null> {
    try {
      const usage = await this.deps.measureStorage();
      const retention = new Map<string, number>();
      for (const { profile } of usage.profiles)
        retention.set(profile, await this.deps.retentionDays(profile));
      const reading: StorageReading = { at: this.deps.now(), ...usage };
      this.retention = retention;
      this.storage.push(reading);
      thinHistory(this.storage, STORAGE_HISTORY);
      return reading;
    } catch (err) {
      this.deps.log.warn({ err }, 'storage not measured');
      return null;
    }
  }
}
