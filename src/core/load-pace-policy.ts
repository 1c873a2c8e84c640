import type { LoadReading } from './resource-readings.js';

/** The longest pause before one step of background work (ms), on a machine at its limits. */
export const MAX_PACE_DELAY_MS = 5000;

/**
 * Where each figure starts to slow background work, and where the pause reaches its longest: below
 * `from` nothing waits; between, the pause grows with the square of how far along the figure is.
 */
export const PACE_RANGES = {
  /** The machine's CPU, percent of every core. */
  cpu: { from: 60, to: 95 },
  /** The event loop's delay, 99th percentile (ms). */
  eventLoop: { from: 50, to: 500 },
  /** The JavaScript heap, share of its limit. */
  memory: { from: 0.8, to: 0.95 },
} as const;

export type PaceCause = keyof typeof PACE_RANGES;

/** How long background work waits before its next step, and the figure that asked for it. */
export interface PaceDecision {
  delayMs: number;
  /** How loaded the machine is for background work, 0 (idle) to 1 (at its limits). */
  pressure: number;
  /** The figure furthest along its range; null when nothing slows the work. */
  cause: PaceCause | null;
}

/**
 * The pause before the next step of background work under `reading` (none: no reading yet, so
 * nothing known to slow for). It is 0 while the CPU is under 60%, the event loop's p99 delay
 * under 50 ms and the heap under 80% of its limit; it never decreases when any figure rises, and
 * never exceeds MAX_PACE_DELAY_MS.
 */
export function decidePace(reading: LoadReading | null): PaceDecision {
  if (reading === null) return { delayMs: 0, pressure: 0, cause: null };
  const heapShare =
    reading.memory.heapLimitBytes > 0 ? reading.memory.heapUsedBytes / reading.memory.heapLimitBytes : 0;
  const levels: [PaceCause, number][] = [
    ['cpu', along(reading.cpu.systemPercent, PACE_RANGES.cpu)],
    ['eventLoop', along(reading.eventLoop.delayP99Ms, PACE_RANGES.eventLoop)],
    ['memory', along(heapShare, PACE_RANGES.memory)],
  ];
  const [cause, pressure] = levels.reduce((worst, level) => (level[1] > worst[1] ? level : worst));
  if (pressure === 0) return { delayMs: 0, pressure: 0, cause: null };
  return { delayMs: Math.round(MAX_PACE_DELAY_MS * pressure * pressure), pressure, cause };
}

/** A decision in words: "CPU at 92%". */
export function describePaceCause(reading: LoadReading, cause: PaceCause): string {
  switch (cause) {
    case 'cpu':
      return `CPU at ${Math.round(reading.cpu.systemPercent)}%`;
    case 'eventLoop':
      return `event loop delay at ${Math.round(reading.eventLoop.delayP99Ms)} ms (p99)`;
    case 'memory': {
      const share = reading.memory.heapUsedBytes / reading.memory.heapLimitBytes;
      return `memory: the heap at ${Math.round(share * 100)}% of its limit`;
    }
  }
}

/** How far `value` is along `range`, 0 to 1 (NaN counts as 0: an unknown figure slows nothing). */
function along(value: number, range: { from: number; to: number }): number {
  if (!(value > range.from)) return 0;
  return Math.min(1, (value - range.from) / (range.to - range.from));
}
