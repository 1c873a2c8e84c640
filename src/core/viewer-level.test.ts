import { describe, expect, test } from 'vitest';
import { emptyCounters } from './counters.js';
import { viewerLevel } from './viewer-level.js';

describe('viewerLevel', () => {
  test('weighs each activity and rounds the points down', () => {
    const totals = { ...emptyCounters(), comments: 10, likes: 55, followers: 1, coins: 3 };
    // 10 x 2 + 55 x 0.1 + 1 x 10 + 3 x 1 = 38.5
    expect(viewerLevel(totals)).toEqual({ xp: 38, level: 2, level_xp: 25, next_level_xp: 100 });
  });

  test('starts at level 1 and climbs on squares of the step', () => {
    expect(viewerLevel(emptyCounters()).level).toBe(1);
    expect(viewerLevel({ ...emptyCounters(), coins: 99 }).level).toBe(2);
    expect(viewerLevel({ ...emptyCounters(), coins: 100 }).level).toBe(3);
    expect(viewerLevel({ ...emptyCounters(), coins: 2025 }).level).toBe(10);
  });
});
