import { describe, expect, test } from 'vitest';
import { clipMoment, placeClips, type ClipTiming } from './clip-moment.js';

const START = Date.UTC(2026, 11, 1, 18, 0, 0);
const S = 1000;
const M = 60_000;

const clip = (created: number, duration: number | null, vodOffset: number | null): ClipTiming => ({
  created_at: START + created,
  duration,
  vod_offset: vodOffset,
});

describe('clipMoment', () => {
  test("places a clip with an offset into the session's recording at the session start plus that offset", () => {
    expect(clipMoment(clip(50 * M, 30, 40 * 60), START)).toEqual({
      at: START + 40 * M,
      source: 'vod_offset',
    });
  });

  test('without the offset, a clip starts its duration before it was made', () => {
    expect(clipMoment(clip(50 * M, 30, null), START)).toEqual({
      at: START + 50 * M - 30 * S,
      source: 'created_minus_duration',
    });
  });

  test("ignores the offset when the recording is not the session's", () => {
    expect(clipMoment(clip(50 * M, 30, 40 * 60), null)).toEqual({
      at: START + 50 * M - 30 * S,
      source: 'created_minus_duration',
    });
  });

  test('an offset that would put the clip after it was made is of another recording, and is not used', () => {
    expect(clipMoment(clip(10 * M, 20, 3 * 3600), START)).toEqual({
      at: START + 10 * M - 20 * S,
      source: 'created_minus_duration',
    });
  });

  test('without duration or offset, a clip is placed when it was made', () => {
    expect(clipMoment(clip(7 * M, null, null), START)).toEqual({ at: START + 7 * M, source: 'created_at' });
  });
});

describe('placeClips', () => {
  test('keeps the clips whose moment falls within the span, in moment order', () => {
    const span = { from: START, to: START + 60 * M };
    const clips = [
      { id: 'late-made-from-vod', ...clip(3 * 3600 * S, 30, 55 * 60) },
      { id: 'made-live', ...clip(20 * M, 60, null) },
      { id: 'before-start', ...clip(20 * S, 30, null) },
      { id: 'after-end', ...clip(61 * M + 30 * S, 30, null) },
      { id: 'at-the-end', ...clip(60 * M + 30 * S, 30, null) },
      { id: 'offset-first', ...clip(30 * M, 30, 5 * 60) },
    ];
    const placed = placeClips(clips, span, START);
    expect(placed.map((p) => [p.clip.id, p.moment.at - START])).toEqual([
      ['offset-first', 5 * M],
      ['made-live', 19 * M],
      ['late-made-from-vod', 55 * M],
      ['at-the-end', 60 * M],
    ]);
  });

  test('orders clips at the same moment by when they were made', () => {
    const span = { from: START, to: START + 60 * M };
    const placed = placeClips(
      [
        { id: 'b', ...clip(10 * M + 10 * S, 10, null) },
        { id: 'a', ...clip(10 * M, null, null) },
      ],
      span,
      START,
    );
    expect(placed.map((p) => p.clip.id)).toEqual(['a', 'b']);
  });
});
