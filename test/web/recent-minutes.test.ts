import { describe, expect, test } from 'vitest';
import type { components } from '../../web/src/api/openapi.gen.js';
import {
  chatPerMinute,
  mergeReports,
  sessionsCovering,
  type MinuteBucket,
} from '../../web/src/pages/live/recent-minutes.js';

type Session = components['schemas']['Session'];
type SessionReport = components['schemas']['SessionReport'];

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 11, 7, 12, 30, 15); // 15 s into a minute

const bucket = (at: number, comments: number, viewers: number | null = null): MinuteBucket =>
  ({
    at,
    viewers: { last: viewers, min: viewers, max: viewers, avg: viewers },
    events: comments,
    comments,
  }) as MinuteBucket;

const session = (id: number, started_at: number, end: number, open = false): Session =>
  ({
    id,
    stream: `s${id}`,
    started_at,
    ended_at: open ? null : end,
    last_event_at: end,
    is_live: open,
  }) as Session;

const report = (timeline: MinuteBucket[], stream = 'cam'): SessionReport =>
  ({ combined: { timeline }, streams: [{ stream, timeline }] }) as unknown as SessionReport;

describe('chatPerMinute', () => {
  const thisMinute = Math.floor(NOW / MINUTE) * MINUTE;

  test('counts this minute and the unelapsed share of the previous one', () => {
    const minutes = new Map([
      [thisMinute - MINUTE, bucket(thisMinute - MINUTE, 8)],
      [thisMinute, bucket(thisMinute, 3)],
    ]);
    // 3 + 8 × 45/60
    expect(chatPerMinute(minutes, NOW)).toBe(9);
  });

  test('counts nothing for a message older than the last two minutes, however recent the data', () => {
    const old = NOW - 330 * 24 * 60 * MINUTE;
    const minutes = new Map([[Math.floor(old / MINUTE) * MINUTE, bucket(old, 1)]]);
    expect(chatPerMinute(minutes, NOW)).toBe(0);
    expect(chatPerMinute(undefined, NOW)).toBe(0);
  });
});

describe('sessionsCovering', () => {
  test('keeps the sessions that hold part of the window, those covering most of it first', () => {
    const from = NOW - 10 * MINUTE;
    const sessions = [
      session(1, NOW - 3 * MINUTE, NOW, true),
      session(2, NOW - 60 * MINUTE, NOW - 5 * MINUTE),
      session(3, NOW - 90 * MINUTE, NOW - 20 * MINUTE),
    ];
    expect(sessionsCovering(sessions, from, NOW).map((s) => s.id)).toEqual([2, 1]);
  });
});

describe('mergeReports', () => {
  test('joins the minutes of several reports, keeping the reading of a minute one of them lacks', () => {
    const m = NOW - 4 * MINUTE;
    const merged = mergeReports([
      report([bucket(m, 2, null), bucket(m + MINUTE, 1, 100)]),
      report([bucket(m, 2, 80)]),
    ]);
    expect([...merged.combined.keys()].sort()).toEqual([m, m + MINUTE]);
    expect(merged.combined.get(m)!.viewers.last).toBe(80);
    expect(merged.streams.get('cam')!.get(m + MINUTE)!.comments).toBe(1);
  });
});
