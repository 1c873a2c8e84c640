import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { LiveEvent } from '../../core/live-event.js';
import type { StreamInfo } from '../../store/ports.js';
import type { Connector } from '../connector.js';
import { simulatorConnectorFactory } from './simulator.connector.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const stream = (id: string): StreamInfo => ({
  id,
  platform: 'tiktok',
  channel: `@${id}`,
  enabled: false,
  recording: false,
  created_at: 0,
});

/** Connects a simulated channel and records what it hears. */
async function listen(id: string, seed: number): Promise<{ connector: Connector; heard: LiveEvent[][] }> {
  const factory = simulatorConnectorFactory({ seed, tickMs: 1000 });
  const connector = factory(
    { profile: 'demo', stream: stream(id) },
    { logger: pino({ level: 'silent' }), now: () => Date.now() },
  );
  const heard: LiveEvent[][] = [];
  await connector.connect({ events: (e) => heard.push([...e]), closed: () => undefined });
  return { connector, heard };
}

describe('simulated channel connector', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('hears one tick of simulated activity per second, for its own stream only', async () => {
    const { connector, heard } = await listen('sim-a', 7);
    await vi.advanceTimersByTimeAsync(10_000);
    await connector.disconnect();
    expect(heard).toHaveLength(10);
    const all = heard.flat();
    expect(all.length).toBeGreaterThan(10);
    expect(new Set(all.map((e) => e.stream))).toEqual(new Set(['sim-a']));
    expect(Math.max(...all.map((e) => e.at))).toBeLessThan(T0 + 10_000);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  test('the same seed and stream replay the same audience; another stream hears another one', async () => {
    const a1 = await listen('sim-a', 7);
    const a2 = await listen('sim-a', 7);
    const b = await listen('sim-b', 7);
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all([a1.connector.disconnect(), a2.connector.disconnect(), b.connector.disconnect()]);
    const strip = (events: LiveEvent[]) => events.map(({ stream: _s, id: _i, ...rest }) => rest);
    expect(a1.heard.flat()).toEqual(a2.heard.flat());
    expect(strip(a1.heard.flat())).not.toEqual(strip(b.heard.flat()));
  });

  test('hears nothing more once disconnected', async () => {
    const { connector, heard } = await listen('sim-a', 1);
    await vi.advanceTimersByTimeAsync(3000);
    await connector.disconnect();
    const before = heard.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(heard.length).toBe(before);
  });
});
