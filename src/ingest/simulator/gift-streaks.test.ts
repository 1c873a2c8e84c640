import { describe, expect, test } from 'vitest';
import { GiftStreaks } from './gift-streaks.js';
import { SeededRandom } from './seeded-random.js';
import { GIFT_CATALOGUE } from './simulator-catalogue.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const perfume = GIFT_CATALOGUE.find((g) => g.id === 'perfume');
const viewer = { id: '6000000001', name: 'lucky_otter7' };

describe('GiftStreaks', () => {
  test('counts a streak gift once, at the end of its streak, with all its repeats', () => {
    if (!perfume) throw new Error('the catalogue lost its Perfume');
    const streaks = new GiftStreaks();
    const rng = new SeededRandom(5);
    streaks.tap(viewer, perfume, 2);
    streaks.tap(viewer, perfume, 3);
    const events = [];
    let t = T0;
    while (events.length === 0 && t < T0 + 600_000) {
      events.push(...streaks.advance(t, 1000, rng));
      t += 1000;
    }
    expect(events).toHaveLength(1);
    const [gift] = events;
    expect(gift?.count).toBeGreaterThanOrEqual(5);
    expect(gift).toMatchObject({ kind: 'gift', user: viewer, gift: { id: 'perfume', name: 'Perfume' } });
    expect(gift?.value).toBe(20 * (gift?.count ?? 0));
    expect(streaks.advance(t, 1000, rng)).toEqual([]);
  });
});
