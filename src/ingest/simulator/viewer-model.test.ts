import { describe, expect, test } from 'vitest';
import { SeededRandom } from './seeded-random.js';
import { DEFAULT_VIEWER_MODEL, ViewerModel, type ViewerModelParams } from './viewer-model.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);

/** No noise and full reversion: the reading is exactly base + boost, so the response can be read off. */
function exactModel(overrides: Partial<ViewerModelParams> = {}): ViewerModel {
  return new ViewerModel(
    { ...DEFAULT_VIEWER_MODEL, baseViewers: 500, noisePerSqrtViewer: 0, reversionPerSecond: 1, ...overrides },
    new SeededRandom(1),
  );
}

function readingsAfter(model: ViewerModel, seconds: number): number[] {
  const out: number[] = [];
  for (let s = 1; s <= seconds; s += 1) {
    model.step(T0 + s * 1000);
    out.push(model.reading);
  }
  return out;
}

describe('ViewerModel', () => {
  test('raises viewers only once the gift delay has passed, by viewersPerGiftCoin per coin to the exponent', () => {
    const model = exactModel({ giftDelayMs: 120_000, viewersPerGiftCoin: 2, giftCoinExponent: 0.5 });
    model.addGift(T0, 10_000);
    const readings = readingsAfter(model, 130);
    expect(readings.slice(0, 119).every((r) => r === 500)).toBe(true);
    expect(readings[119]).toBe(700);
  });

  test('lets the boost fade with its half-life', () => {
    const model = exactModel({
      giftDelayMs: 1000,
      viewersPerGiftCoin: 1,
      giftCoinExponent: 0.5,
      boostHalfLifeMs: 60_000,
    });
    model.addGift(T0, 40_000);
    const readings = readingsAfter(model, 61);
    expect(readings[0]).toBe(700);
    expect(readings[60]).toBe(600);
  });

  test('lets the draw of a gift grow with its value, less than in proportion', () => {
    const drawOf = (coins: number) => {
      const model = exactModel({ giftDelayMs: 1000 });
      model.addGift(T0, coins);
      return readingsAfter(model, 1)[0]! - 500;
    };
    // 0.5 x coins^0.75: a Galaxy draws about 89 viewers, a Confetti about 16.
    expect(drawOf(1000)).toBe(89);
    expect(drawOf(100)).toBe(16);
  });

  test('answers chat after the chat delay', () => {
    const model = exactModel({ chatDelayMs: 30_000, viewersPerChat: 1 });
    for (let i = 0; i < 50; i += 1) model.addChat(T0);
    const readings = readingsAfter(model, 31);
    expect(readings[28]).toBe(500);
    expect(readings[29]).toBe(550);
  });

  test('drifts but reverts towards the base audience', () => {
    const model = new ViewerModel({ ...DEFAULT_VIEWER_MODEL, baseViewers: 1000 }, new SeededRandom(9));
    const readings = readingsAfter(model, 3600);
    expect(new Set(readings).size).toBeGreaterThan(50);
    const mean = readings.reduce((s, r) => s + r, 0) / readings.length;
    expect(Math.abs(mean - 1000)).toBeLessThan(50);
  });
});
