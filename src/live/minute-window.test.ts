import { expect, test } from 'vitest';
import { MinuteWindow } from './minute-window.js';

const T = Date.UTC(2026, 0, 10, 18, 0, 0);

test('counts what happened in the last 60 seconds, sliding, and forgets older seconds', () => {
  const w = new MinuteWindow();
  for (let s = 0; s < 90; s++) w.add(T + s * 1000, 2);
  expect(w.perMinute(T + 89_000)).toBe(120);
  expect(w.perMinute(T + 119_000)).toBe(60);
  expect(w.perMinute(T + 200_000)).toBe(0);
  expect(w.latest).toBe(T + 89_000);
});

test('a late event inside the window still counts', () => {
  const w = new MinuteWindow();
  w.add(T + 30_000, 1);
  w.add(T + 10_000, 1);
  expect(w.perMinute(T + 30_000)).toBe(2);
});
