import { expect, test } from 'vitest';
import { MinuteWindow } from './minute-window.js';
import { velocityNow } from './live-source.js';

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

test('chat per minute of history being replayed holds while its messages arrive, then falls to zero', () => {
  const lastYear = T - 330 * 86_400_000;
  const w = new MinuteWindow();
  w.add(lastYear, 1, T);
  w.add(lastYear + 1000, 1, T);
  // Arrived a moment ago: the rate as of the replay's latest message.
  expect(velocityNow(w, T + 10_000)).toBe(2);
  // A minute later nothing else came: no chat rate, whatever the last message's time.
  expect(velocityNow(w, T + 61_000)).toBe(0);
  // Live messages count by their own time as before.
  const live = new MinuteWindow();
  live.add(T, 3, T);
  expect(velocityNow(live, T + 30_000)).toBe(3);
  expect(velocityNow(live, T + 90_000)).toBe(0);
  expect(velocityNow(undefined, T)).toBe(0);
});
