import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decidePace, describePaceCause, MAX_PACE_DELAY_MS } from './load-pace-policy.js';
import type { LoadReading } from './resource-readings.js';

const GB = 1024 ** 3;

function reading(cpu: number, delayP99Ms: number, heapShare: number): LoadReading {
  return {
    at: 0,
    cpu: { systemPercent: cpu, processPercent: cpu / 2, cores: 2, loadAverage: [0, 0, 0] },
    memory: {
      rssBytes: GB,
      heapUsedBytes: heapShare * 2 * GB,
      heapLimitBytes: 2 * GB,
      systemFreeBytes: 4 * GB,
      systemTotalBytes: 8 * GB,
    },
    eventLoop: { delayP50Ms: delayP99Ms / 2, delayP99Ms, delayMaxMs: delayP99Ms, utilization: 0.5 },
  };
}

const cpu = fc.double({ min: 0, max: 100, noNaN: true });
const delay = fc.double({ min: 0, max: 10_000, noNaN: true });
const heap = fc.double({ min: 0, max: 1, noNaN: true });

describe('background pace', () => {
  test('does not wait on a quiet machine, nor before the first reading', () => {
    expect(decidePace(reading(59, 49, 0.79))).toEqual({ delayMs: 0, pressure: 0, cause: null });
    expect(decidePace(null)).toEqual({ delayMs: 0, pressure: 0, cause: null });
  });

  test('waits longer the busier the CPU, up to the longest pause at 95%', () => {
    expect(decidePace(reading(67, 10, 0.1))).toEqual({ delayMs: 200, pressure: 0.2, cause: 'cpu' });
    expect(decidePace(reading(95, 10, 0.1)).delayMs).toBe(MAX_PACE_DELAY_MS);
    expect(decidePace(reading(100, 10, 0.1)).delayMs).toBe(MAX_PACE_DELAY_MS);
  });

  test('names the figure furthest along its range', () => {
    const decision = decidePace(reading(70, 275, 0.1));
    expect(decision.cause).toBe('eventLoop');
    expect(decision.delayMs).toBe(1250);
    expect(describePaceCause(reading(70, 275, 0.1), 'eventLoop')).toBe('event loop delay at 275 ms (p99)');
    expect(describePaceCause(reading(92.4, 0, 0), 'cpu')).toBe('CPU at 92%');
    expect(decidePace(reading(0, 0, 0.9)).cause).toBe('memory');
    expect(describePaceCause(reading(0, 0, 0.9), 'memory')).toBe('memory: the heap at 90% of its limit');
  });

  test('is bounded: between no wait and the longest pause, whatever the readings', () => {
    fc.assert(
      fc.property(cpu, delay, heap, (c, d, h) => {
        const { delayMs, pressure } = decidePace(reading(c, d, h));
        return delayMs >= 0 && delayMs <= MAX_PACE_DELAY_MS && pressure >= 0 && pressure <= 1;
      }),
    );
  });

  test('never waits less when any figure rises', () => {
    fc.assert(
      fc.property(cpu, delay, heap, cpu, delay, heap, (c1, d1, h1, c2, d2, h2) => {
        const low = decidePace(reading(Math.min(c1, c2), Math.min(d1, d2), Math.min(h1, h2)));
        const high = decidePace(reading(Math.max(c1, c2), Math.max(d1, d2), Math.max(h1, h2)));
        return high.delayMs >= low.delayMs;
      }),
    );
  });
});
