/**
 * What the resource monitor reads of the machine and of the process, as plain figures: the input
 * of the background pace and of the recommendations. Times are epoch ms.
 */
export interface LoadReading {
  at: number;
  cpu: {
    /** Busy share of every core of the machine since the previous reading, 0-100. */
    systemPercent: number;
    /** This process's share of the whole machine since the previous reading, 0-100. */
    processPercent: number;
    cores: number;
    /** The system's 1, 5 and 15 minute load averages (zeros where the system has none). */
    loadAverage: readonly [number, number, number];
  };
  memory: {
    rssBytes: number;
    heapUsedBytes: number;
    /** The most the JavaScript heap may grow to before the process runs out of memory. */
    heapLimitBytes: number;
    systemFreeBytes: number;
    systemTotalBytes: number;
  };
  eventLoop: {
    /** How late timers ran since the previous reading (ms): median, 99th percentile, worst. */
    delayP50Ms: number;
    delayP99Ms: number;
    delayMaxMs: number;
    /** Share of the time the event loop was busy since the previous reading, 0-1. */
    utilization: number;
  };
}

/** One profile's room, as the storage engine measured it. */
export interface ProfileSize {
  profile: string;
  bytes: number;
  /** The part of `bytes` in write-ahead logs not yet copied back. */
  walBytes: number;
}

/** The room the data takes at one time, and the disk it lives on (null: not this machine's). */
export interface StorageReading {
  at: number;
  systemBytes: number;
  profiles: readonly ProfileSize[];
  disk: { freeBytes: number; totalBytes: number } | null;
}

/** Everything the data takes: the system data and every profile. */
export function totalBytesOf(reading: Pick<StorageReading, 'systemBytes' | 'profiles'>): number {
  return reading.profiles.reduce((sum, p) => sum + p.bytes, reading.systemBytes);
}
