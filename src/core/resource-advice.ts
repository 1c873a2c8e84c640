import { adviseOnDisk, type DiskAdviceInput } from './disk-advice.js';
import type { LoadReading } from './resource-readings.js';
import { formatBytes } from './resource-text.js';

export type AdviceSeverity = 'info' | 'warning' | 'critical';

/** One recommendation in plain words, with the figures it rests on (stable ids, snake_case figures). */
export interface ResourceAdvice {
  id: string;
  severity: AdviceSeverity;
  text: string;
  figures: Record<string, number>;
}

export { DEFAULT_RETENTION_DAYS } from './retention-days.js';

/** CPU above this (percent) for SLOW_CPU_MS slows background work for long enough to say so. */
const SLOW_CPU_PERCENT = 85;
const SLOW_CPU_MS = 10 * 60_000;
/** The JavaScript heap's share of its limit that is worth a warning, and a critical one. */
const HEAP_WARNING = 0.85;
const HEAP_CRITICAL = 0.95;
/** The machine's free memory share below which it is short of memory. */
const SYSTEM_MEMORY_LOW = 0.05;
/** Event loop delay (p99, ms) at which answers are visibly late. */
const SLOW_LOOP_MS = 100;
/** A write-ahead log this large means checkpoints are behind. */
const LARGE_WAL_BYTES = 64 * 1024 ** 2;

export interface ResourceAdviceInput extends DiskAdviceInput {
  /** The load readings kept, oldest first; the last is the current one. */
  load: readonly LoadReading[];
  /** Requests refused by load shedding in the last hour. */
  refusedLastHour: number;
}

const RANK: Record<AdviceSeverity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * What an admin should know or do about the machine, most urgent first: the disk (see
 * `adviseOnDisk`), background work slowed by a busy CPU, memory near its limit, a slow event loop,
 * checkpoints behind, requests refused; "nothing needs doing" when none of these holds.
 */
export function adviseOnResources(input: ResourceAdviceInput): ResourceAdvice[] {
  const latest = input.load.at(-1) ?? null;
  const advice = [
    ...adviseOnDisk(input),
    ...(latest ? adviseOnLoad(input.load, latest) : []),
    ...adviseOnWal(input),
    ...adviseOnRefusals(input.refusedLastHour),
  ];
  const isCalm = advice.every((a) => a.severity === 'info');
  if (latest && isCalm) {
    advice.push({
      id: 'all_clear',
      severity: 'info',
      text: 'Nothing needs doing: the machine has room and time to spare.',
      figures: {},
    });
  }
  return advice.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

function adviseOnLoad(load: readonly LoadReading[], latest: LoadReading): ResourceAdvice[] {
  const advice: ResourceAdvice[] = [];
  const busyMs = busyCpuSpan(load);
  if (busyMs >= SLOW_CPU_MS) {
    const minutes = Math.floor(busyMs / 60_000);
    advice.push({
      id: 'background_slowed',
      severity: 'warning',
      text: `Background analysis slowed: CPU over ${SLOW_CPU_PERCENT}% for ${minutes} minutes. Live ingest and the dashboards come first; if it lasts, give the server more CPU or move some streams to another instance.`,
      figures: { cpu_percent: Math.round(latest.cpu.systemPercent), minutes },
    });
  }
  const { heapUsedBytes, heapLimitBytes, systemFreeBytes, systemTotalBytes } = latest.memory;
  const heapShare = heapLimitBytes > 0 ? heapUsedBytes / heapLimitBytes : 0;
  if (heapShare >= HEAP_WARNING) {
    advice.push({
      id: 'memory_near_limit',
      severity: heapShare >= HEAP_CRITICAL ? 'critical' : 'warning',
      text: `Memory near its limit: the server's JavaScript heap uses ${formatBytes(heapUsedBytes)} of ${formatBytes(heapLimitBytes)} (${Math.round(heapShare * 100)}%). Past it the server stops; give Node more memory (--max-old-space-size) or spread the profiles over more instances.`,
      figures: { heap_used_bytes: heapUsedBytes, heap_limit_bytes: heapLimitBytes },
    });
  }
  if (systemTotalBytes > 0 && systemFreeBytes / systemTotalBytes < SYSTEM_MEMORY_LOW) {
    advice.push({
      id: 'system_memory_low',
      severity: 'warning',
      text: `The machine has only ${formatBytes(systemFreeBytes)} of its ${formatBytes(systemTotalBytes)} of memory free: other programs, or a smaller SQLite cache (STREAMPULSE_SQLITE_CACHE_MB), may leave the server more.`,
      figures: { free_bytes: systemFreeBytes, total_bytes: systemTotalBytes },
    });
  }
  if (latest.eventLoop.delayP99Ms > SLOW_LOOP_MS) {
    const delay = Math.round(latest.eventLoop.delayP99Ms);
    advice.push({
      id: 'event_loop_slow',
      severity: 'warning',
      text: `The server is slow to answer: event loop delay ${delay} ms (p99, over ${SLOW_LOOP_MS} ms). Background work waits meanwhile.`,
      figures: { delay_p99_ms: delay },
    });
  }
  return advice;
}

/** How long the CPU has stayed over SLOW_CPU_PERCENT up to the latest reading (ms; 0: it is not now). */
function busyCpuSpan(load: readonly LoadReading[]): number {
  let first: LoadReading | null = null;
  for (let i = load.length - 1; i >= 0 && load[i]!.cpu.systemPercent > SLOW_CPU_PERCENT; i--)
    first = load[i]!;
  return first ? load.at(-1)!.at - first.at : 0;
}

function adviseOnWal({ storage }: ResourceAdviceInput): ResourceAdvice[] {
  const worst = [...(storage?.profiles ?? [])].sort((a, b) => b.walBytes - a.walBytes)[0];
  if (!worst || worst.walBytes < LARGE_WAL_BYTES) return [];
  return [
    {
      id: 'wal_large',
      severity: 'warning',
      text: `Checkpoints are behind: the write-ahead log of profile ${worst.profile} holds ${formatBytes(worst.walBytes)} not yet copied into its database. It shrinks once writes calm down; if it keeps growing, a long read may be holding it.`,
      figures: { wal_bytes: worst.walBytes },
    },
  ];
}

function adviseOnRefusals(refused: number): ResourceAdvice[] {
  if (refused === 0) return [];
  return [
    {
      id: 'requests_refused',
      severity: 'warning',
      text: `The server refused ${refused} ${refused === 1 ? 'request' : 'requests'} in the last hour because it was overloaded (503 with Retry-After); clients that retry get through once the load drops.`,
      figures: { refused_last_hour: refused },
    },
  ];
}

