import { expect, test } from 'vitest';
import { isOverlayKind, OVERLAY_KINDS, overlayEvents } from './overlay-kinds.js';

test('a token for one overlay receives what that overlay shows, one for any overlay what any of them shows', () => {
  expect(overlayEvents('counters')).toEqual(['stats']);
  expect(overlayEvents('goal')).toEqual(['goal_progress']);
  expect(overlayEvents('leaderboard')).toEqual(['activity']);
  expect(overlayEvents('events')).toEqual(['activity']);
  expect(overlayEvents(null)).toEqual(['stats', 'goal_progress', 'activity']);
});

test('only the overlays served are kinds', () => {
  expect(OVERLAY_KINDS.filter(isOverlayKind)).toEqual(['counters', 'goal', 'leaderboard', 'events']);
  expect(isOverlayKind('chat')).toBe(false);
  expect(isOverlayKind('')).toBe(false);
});
