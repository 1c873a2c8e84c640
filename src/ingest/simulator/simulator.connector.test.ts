import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { LiveEvent } from '../../core/live-event.js';
import type { StreamInfo } from '../../store/ports.js';
import type { Connector } from '../connector.js';
import { GIFT_CATALOGUE } from './simulator-catalogue.js';
import { simulatorConnectorFactory } from './simulator.connector.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const stream = (id: string, platform: StreamInfo['platform'] = 'tiktok'): StreamInfo => ({
  id,
  platform,
  channel: `@${id}`,
  enabled: false,
  recording: false,
  created_at: 0,
});

/** Connects a simulated channel and records what it hears. */
async function listen(
  id: string,
  seed: number,
  platform: StreamInfo['platform'] = 'tiktok',
  after?: Promise<unknown>,
): Promise<{ connector: Connector; heard: LiveEvent[][] }> {
  const factory = simulatorConnectorFactory({ seed, tickMs: 1000, ...(after ? { after } : {}) });
  const connector = factory(
    { profile: 'demo', stream: stream(id, platform) },
    { logger: pino({ level: 'silent' }), now: () => Date.now() },
  );
  const heard: LiveEvent[][] = [];
  const connecting = connector.connect({ events: (e) => heard.push([...e]), closed: () => undefined });
  if (!after) await connecting;
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

  test('a Twitch stream hears bits, subscriptions and Twitch chat, never a TikTok gift', async () => {
    const twitch = await listen('twitch-sim', 3, 'twitch');
    const tiktok = await listen('tiktok-sim', 3, 'tiktok');
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    await Promise.all([twitch.connector.disconnect(), tiktok.connector.disconnect()]);
    const kinds = (events: LiveEvent[]) => new Set(events.map((e) => e.kind));
    const heardOnTwitch = twitch.heard.flat();
    const twitchKinds = ['viewers', 'chat', 'cheer', 'subscribe', 'follow', 'raid'];
    expect([...kinds(heardOnTwitch)].filter((k) => !twitchKinds.includes(k))).toEqual([]);
    expect(kinds(heardOnTwitch)).toContain('cheer');
    expect(kinds(heardOnTwitch)).toContain('subscribe');
    const giftNames = GIFT_CATALOGUE.map((g) => g.name.toLowerCase());
    const texts = heardOnTwitch.flatMap((e) => (e.text ? [e.text.toLowerCase()] : []));
    expect(texts.filter((t) => giftNames.some((name) => t.includes(name)))).toEqual([]);
    expect(heardOnTwitch.filter((e) => e.kind === 'cheer').every((e) => e.value > 0)).toBe(true);
    expect(kinds(tiktok.heard.flat())).toContain('gift');
    expect(kinds(tiktok.heard.flat())).not.toContain('cheer');
  });

  test('goes on air only once `after` settles, its simulated time starting then', async () => {
    let ready = (): void => undefined;
    const after = new Promise<void>((resolve) => (ready = resolve));
    const { connector, heard } = await listen('sim-a', 7, 'tiktok', after);
    await vi.advanceTimersByTimeAsync(5000);
    expect(heard).toEqual([]);
    ready();
    await vi.advanceTimersByTimeAsync(3000);
    await connector.disconnect();
    const all = heard.flat();
    expect(all.length).toBeGreaterThan(0);
    expect(Math.min(...all.map((e) => e.at))).toBeGreaterThanOrEqual(T0 + 5000);
  });
});
