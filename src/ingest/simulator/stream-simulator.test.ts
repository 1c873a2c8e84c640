import { describe, expect, test } from 'vitest';
import { EVENT_KINDS, parseEventBatch, type LiveEvent } from '../../core/live-event.js';
import { CHAT_TEXTS, GIFT_CATALOGUE } from './simulator-catalogue.js';
import { CHEER_AMOUNTS } from './twitch-catalogue.js';
import { AUDIENCE_SIZE, StreamSimulator, type StreamSimulatorOptions } from './stream-simulator.js';
import type { ViewerModelParams } from './viewer-model.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const HOUR = 3600_000;
const SIMULATED_KINDS = ['viewers', 'like', 'chat', 'gift', 'follow', 'share', 'join'];

function simulate(
  ms: number,
  options: Partial<StreamSimulatorOptions> = {},
): { sim: StreamSimulator; events: LiveEvent[] } {
  const sim = new StreamSimulator({ seed: 42, stream: 'sim-a', startAt: T0, ...options });
  return { sim, events: sim.next(ms) };
}

const hour = simulate(HOUR).events;

describe('StreamSimulator', () => {
  test('gives the same events for the same seed, stream and start', () => {
    expect(simulate(10 * 60_000).events).toEqual(simulate(10 * 60_000).events);
  });

  test('gives different events for different seeds', () => {
    const a = simulate(60_000, { seed: 1 }).events;
    const b = simulate(60_000, { seed: 2 }).events;
    expect(a.length).toBeGreaterThan(0);
    expect(b).not.toEqual(a);
  });

  test('gives the same events however time is sliced into ticks', () => {
    const sim = new StreamSimulator({ seed: 42, stream: 'sim-a', startAt: T0 });
    const sliced: LiveEvent[] = [];
    for (const tick of [250, 1000, 1750, 333, 60_000, 1, 116_666]) sliced.push(...sim.next(tick));
    expect(sim.now).toBe(T0 + 180_000);
    expect(sliced).toEqual(simulate(180_000).events);
  });

  test('emits events in time order, within the simulated time that passed', () => {
    const ats = hour.map((e) => e.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    expect(ats[0]).toBeGreaterThanOrEqual(T0);
    expect(ats.at(-1)).toBeLessThan(T0 + HOUR);
    expect(simulate(999).events).toEqual([]);
  });

  test('produces every simulated kind of event within an hour, and nothing else', () => {
    const kinds = new Set(hour.map((e) => e.kind));
    expect([...kinds].sort()).toEqual([...SIMULATED_KINDS].sort());
    expect(SIMULATED_KINDS.every((k) => (EVENT_KINDS as readonly string[]).includes(k))).toBe(true);
  });

  test('gives every event a unique id naming the seed', () => {
    const ids = hour.map((e) => e.id);
    expect(new Set(ids).size).toBe(hour.length);
    expect(ids.every((id) => id?.startsWith('sim-42-'))).toBe(true);
  });

  test('emits only events that pass the wire schema unchanged', () => {
    const parsed = parseEventBatch(hour);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.events).toEqual(hour);
  });

  test('reports each gift with count >= 1 and value = unit price x count, streaks as one event', () => {
    const gifts = hour.filter((e) => e.kind === 'gift');
    for (const g of gifts) {
      const item = GIFT_CATALOGUE.find((c) => c.id === g.gift?.id);
      expect(item, `gift ${g.gift?.id}`).toBeDefined();
      if (!item) continue;
      expect(g.gift?.name).toBe(item.name);
      expect(g.count).toBeGreaterThanOrEqual(1);
      expect(g.value).toBe(item.coins * g.count);
      if (!item.isStreakable) expect(g.count).toBe(1);
    }
    const streaks = gifts.filter((g) => g.gift?.id === 'rose');
    expect(streaks.some((g) => g.count > 3)).toBe(true);
    expect(gifts.some((g) => (g.value ?? 0) >= 1000)).toBe(true);
  });

  test('sends likes in batches of 1 to 30 and chat from a stable audience', () => {
    const likes = hour.filter((e) => e.kind === 'like').map((e) => e.count);
    expect(Math.min(...likes)).toBe(1);
    expect(Math.max(...likes)).toBe(30);
    const chats = hour.filter((e) => e.kind === 'chat');
    expect(chats.every((c) => c.text !== undefined && CHAT_TEXTS.includes(c.text))).toBe(true);
    const names = new Map<string, string>();
    for (const e of hour) if (e.user) names.set(e.user.id, `${e.user.name}|${e.user.display}`);
    expect(names.size).toBeLessThanOrEqual(AUDIENCE_SIZE);
    for (const e of hour) if (e.user) expect(`${e.user.name}|${e.user.display}`).toBe(names.get(e.user.id));
  });

  test('reads viewers every 5 seconds', () => {
    const readings = hour.filter((e) => e.kind === 'viewers');
    expect(readings).toHaveLength(720);
    expect(readings.every((r, i) => r.at === T0 + i * 5000 && r.count > 0)).toBe(true);
  });

  test('has a hype period every few minutes', () => {
    const { sim } = simulate(HOUR);
    expect(sim.hypePeriods.length).toBeGreaterThanOrEqual(6);
    expect(sim.hypePeriods.length).toBeLessThanOrEqual(14);
  });
});

/**
 * The mean, over the hype periods of a few seeded three-hour runs, of the average viewers 2-3
 * minutes after a hype period ends minus the average in the minute before it started.
 */
function hypeViewerGain(model: Partial<ViewerModelParams>): number {
  const gains: number[] = [];
  for (const seed of [1, 2, 3]) {
    const { sim, events } = simulate(3 * HOUR, { seed, viewerModel: model });
    const readings = events.filter((e) => e.kind === 'viewers');
    const average = (from: number, to: number): number => {
      const window = readings.filter((r) => r.at >= from && r.at < to).map((r) => r.count);
      return window.reduce((s, c) => s + c, 0) / window.length;
    };
    for (const h of sim.hypePeriods) {
      if (h.end + 180_000 > sim.now) continue;
      gains.push(average(h.end + 120_000, h.end + 180_000) - average(h.start - 60_000, h.start));
    }
  }
  return gains.reduce((s, g) => s + g, 0) / gains.length;
}

describe('StreamSimulator viewer response', () => {
  test('has more viewers 2-3 minutes after a hype period than before it', () => {
    // Gift bursts are a few hundred coins to a few thousand, so the gain is some tens of viewers.
    expect(hypeViewerGain({})).toBeGreaterThan(40);
  });

  test('shows no such gain when gifts and chat attract nobody (the check above can fail)', () => {
    expect(Math.abs(hypeViewerGain({ viewersPerGiftCoin: 0, viewersPerChat: 0 }))).toBeLessThan(15);
  });

  test('a Twitch channel cheers bits, subscribes and gets raided, and raiders add to its viewers', () => {
    const { events } = simulate(6 * HOUR, { platform: 'twitch' });
    const kinds = new Set(events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['chat', 'cheer', 'follow', 'raid', 'subscribe', 'viewers']);
    const bits = new Set(CHEER_AMOUNTS.map((c) => c.bits));
    expect(events.filter((e) => e.kind === 'cheer').every((e) => bits.has(e.value))).toBe(true);
    expect(events.filter((e) => e.kind === 'subscribe').some((e) => e.count > 1)).toBe(true);
    const raid = events.find((e) => e.kind === 'raid')!;
    const readings = events.filter((e) => e.kind === 'viewers');
    const before = readings.filter((r) => r.at <= raid.at).at(-1)!.count;
    const after = readings.find((r) => r.at >= raid.at + 30_000)!.count;
    expect(after - before).toBeGreaterThan(raid.count / 3);
  });

  test('lets nobody follow twice across the broadcasts of a channel that share its followers', () => {
    const followers = new Set<string>();
    const options = { audienceSeed: 5, audienceSize: 100, followers };
    const follows = [1, 2, 3].flatMap((seed) =>
      simulate(3 * HOUR, { seed, ...options }).events.filter((e) => e.kind === 'follow'),
    );
    const ids = follows.map((e) => e.user!.id);
    expect(ids.length).toBeGreaterThan(30);
    expect(new Set(ids).size).toBe(ids.length);
    expect(followers).toEqual(new Set(ids));
  });

  test('lets each viewer join a broadcast once and share it 3 times at most', () => {
    const { events } = simulate(3 * HOUR, { audienceSize: 100 });
    const count = (kind: string) => {
      const counts = new Map<string, number>();
      for (const e of events) if (e.kind === kind) counts.set(e.user!.id, (counts.get(e.user!.id) ?? 0) + 1);
      return [...counts.values()];
    };
    expect(count('join').length).toBeGreaterThan(50);
    expect(Math.max(...count('join'))).toBe(1);
    expect(Math.max(...count('share'))).toBeLessThanOrEqual(3);
  });

  test('shares its audience with every simulator drawn from the same audience seed', () => {
    const users = (seed: number) =>
      new Set(simulate(HOUR, { seed, audienceSeed: 5 }).events.flatMap((e) => (e.user ? [e.user.id] : [])));
    const a = users(1);
    const b = users(2);
    expect([...b].filter((id) => a.has(id)).length).toBeGreaterThan(b.size / 2);
  });
});
