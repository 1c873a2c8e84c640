import { describe, expect, test } from 'vitest';
import { clipRefreshWindows, isClipRefreshDue } from './clip-refresh.js';

const MIN = 60_000;
const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 7, 12);

describe('clip refresh schedule', () => {
  test('reads a clip of the last day again after 15 minutes, not before', () => {
    expect(isClipRefreshDue(now - 2 * 3_600_000, now - 16 * MIN, now)).toBe(true);
    expect(isClipRefreshDue(now - 2 * 3_600_000, now - 14 * MIN, now)).toBe(false);
  });

  test('reads a clip of last week every 2 hours and a month-old one every 12 hours', () => {
    expect(isClipRefreshDue(now - 3 * DAY, now - 60 * MIN, now)).toBe(false);
    expect(isClipRefreshDue(now - 3 * DAY, now - 130 * MIN, now)).toBe(true);
    expect(isClipRefreshDue(now - 20 * DAY, now - 6 * 60 * MIN, now)).toBe(false);
    expect(isClipRefreshDue(now - 20 * DAY, now - 13 * 60 * MIN, now)).toBe(true);
  });

  test('reads an old clip once a week', () => {
    expect(isClipRefreshDue(now - 400 * DAY, now - 6 * DAY, now)).toBe(false);
    expect(isClipRefreshDue(now - 400 * DAY, now - 8 * DAY, now)).toBe(true);
  });

  test('covers every creation time once: the windows meet without a gap or overlap', () => {
    const windows = clipRefreshWindows(now);
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.createdTo).toBe(windows[i - 1]!.createdFrom);
    expect(windows[0]!.createdTo).toBe(now + 1);
  });
});
