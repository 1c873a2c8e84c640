import { availableParallelism, cpus, freemem, loadavg, totalmem } from 'node:os';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { LoadReading } from '../core/resource-readings.js';

/** Reads the load since its previous reading (since it was made, the first time). */
export interface LoadProbe {
  read(at: number): LoadReading;
  close(): void;
}

/** How often the event loop's delay is sampled (ms); the figures are what it adds to this. */
const DELAY_RESOLUTION_MS = 20;

interface CpuTimes {
  idle: number;
  total: number;
}

/**
 * This process and the machine it runs on: CPU from the cores' times and `process.cpuUsage`,
 * memory from `process.memoryUsage` and V8's heap limit, the event loop's delay from a
 * `monitorEventLoopDelay` histogram and its utilisation from `performance`. Each reading covers
 * the time since the previous one.
 */
export function processLoadProbe(): LoadProbe {
  const delays = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delays.enable();
  const cores = Math.max(1, availableParallelism());
  const heapLimitBytes = getHeapStatistics().heap_size_limit;
  let since = performance.now();
  let machine = machineCpuTimes();
  let usage = process.cpuUsage();
  let utilization: EventLoopUtilization = performance.eventLoopUtilization();
  return {
    read(at) {
      const now = performance.now();
      const elapsedMicros = Math.max(1, (now - since) * 1000);
      const nextMachine = machineCpuTimes();
      const total = nextMachine.total - machine.total;
      const idle = nextMachine.idle - machine.idle;
      const used = process.cpuUsage(usage);
      const loop = performance.eventLoopUtilization(utilization);
      const memory = process.memoryUsage();
      const delay = (ms: number) => (Number.isFinite(ms) ? Math.max(0, ms - DELAY_RESOLUTION_MS) : 0);
      const reading: LoadReading = {
        at,
        cpu: {
          systemPercent: total > 0 ? clampPercent((1 - idle / total) * 100) : 0,
          processPercent: clampPercent(((used.user + used.system) / (elapsedMicros * cores)) * 100),
          cores,
          loadAverage: loadavg() as [number, number, number],
        },
        memory: {
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          heapLimitBytes,
          systemFreeBytes: freemem(),
          systemTotalBytes: totalmem(),
        },
        eventLoop: {
          delayP50Ms: delays.count > 0 ? delay(delays.percentile(50) / 1e6) : 0,
          delayP99Ms: delays.count > 0 ? delay(delays.percentile(99) / 1e6) : 0,
          delayMaxMs: delays.count > 0 ? delay(delays.max / 1e6) : 0,
          utilization: Number.isFinite(loop.utilization) ? loop.utilization : 0,
        },
      };
      since = now;
      machine = nextMachine;
      usage = process.cpuUsage();
      utilization = performance.eventLoopUtilization();
      delays.reset();
      return reading;
    },
    close() {
      delays.disable();
    },
  };
}

function machineCpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

function clampPercent(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}
