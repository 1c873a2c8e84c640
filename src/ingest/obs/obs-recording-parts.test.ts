import { describe, expect, test } from 'vitest';
import { ObsRecordingParts } from './obs-recording-parts.js';

const A = 'C:/Users/streamer/Videos/2026-03-14 20-15-02.mkv';
const B = 'C:/Users/streamer/Videos/2026-03-14 20-30-02.mkv';
const C = 'C:/Users/streamer/Videos/2026-03-14 20-45-02.mkv';

/** The whole recording's figures after `seconds` at 1.5 MB/s. */
const after = (seconds: number) => ({ size_bytes: 1_500_000 * seconds, duration_ms: 1_000 * seconds });
const unknown = (path: string) => ({ path, size_bytes: null, duration_ms: null });

/** A reading asked and answered while OBS writes the same file. */
function read(parts: ObsRecordingParts, seconds: number): void {
  parts.read(after(seconds), parts.epoch);
}

describe('ObsRecordingParts', () => {
  test('a recording that is not split is one file with the figures last read', () => {
    const parts = new ObsRecordingParts();
    expect(parts.isRecording).toBe(false);
    parts.started(A);
    expect(parts.isRecording).toBe(true);
    read(parts, 2);
    read(parts, 3);
    expect(parts.stopped(A)).toEqual([{ path: A, ...after(3) }]);
    expect(parts.isRecording).toBe(false);
  });

  test('each part of a split recording has the growth since it began, not the whole recording', () => {
    const parts = new ObsRecordingParts();
    parts.started(A);
    read(parts, 3);
    expect(parts.split(B)).toEqual({ finished: { path: A, ...after(3) } });
    read(parts, 4);
    read(parts, 5);
    expect(parts.split(C)).toEqual({ finished: { path: B, ...after(2) } });
    read(parts, 6);
    expect(parts.stopped(C)).toEqual([{ path: C, ...after(1) }]);
  });

  test('a part no reading saw has no figures, and nor has the part after it', () => {
    const parts = new ObsRecordingParts();
    parts.started(A);
    expect(parts.split(B)).toEqual({ finished: unknown(A) });
    read(parts, 4);
    // Where B began is not known: the figures read while OBS wrote it are the whole recording's.
    expect(parts.split(C)).toEqual({ finished: unknown(B) });
    read(parts, 6);
    expect(parts.stopped(C)).toEqual([{ path: C, ...after(2) }]);
  });

  test('a reading asked before a file began does not count for it', () => {
    const parts = new ObsRecordingParts();
    parts.started(A);
    const beforeSplit = parts.epoch;
    read(parts, 3);
    expect(parts.split(B).finished).toEqual({ path: A, ...after(3) });
    // Answered after the split, OBS may have read it on either side of it.
    parts.read(after(3.5), beforeSplit);
    expect(parts.stopped(B)).toEqual([unknown(B)]);
    // Nor does one asked during a recording count for the next.
    parts.started(C);
    parts.read(after(4), beforeSplit);
    expect(parts.stopped(C)).toEqual([unknown(C)]);
  });

  test('figures that went back are no growth: the part has none', () => {
    const parts = new ObsRecordingParts();
    parts.started(A);
    read(parts, 5);
    parts.split(B);
    read(parts, 1);
    expect(parts.stopped(B)).toEqual([unknown(B)]);
  });

  test('OBS naming no file at the stop: the file it said it writes is the last', () => {
    const parts = new ObsRecordingParts();
    parts.started(A);
    read(parts, 1);
    parts.split(B);
    read(parts, 3);
    expect(parts.stopped(null)).toEqual([{ path: B, ...after(2) }]);
  });

  test('a stop naming another file than the one OBS said it writes gives both, without figures', () => {
    const parts = new ObsRecordingParts();
    parts.started(A);
    read(parts, 3);
    expect(parts.stopped(C)).toEqual([unknown(A), unknown(C)]);
  });

  test('a file change that is no change of file finishes nothing', () => {
    const parts = new ObsRecordingParts();
    expect(parts.split(B)).toEqual({ finished: null, why: 'not recording' });
    expect(parts.isRecording).toBe(false);
    parts.started(A);
    read(parts, 2);
    expect(parts.split(A)).toEqual({ finished: null, why: 'same file' });
    read(parts, 3);
    expect(parts.stopped(A)).toEqual([{ path: A, ...after(3) }]);
  });

  test('joining a recording OBS cannot have split: its file counts from zero', () => {
    const parts = new ObsRecordingParts();
    parts.joined(after(10), false);
    read(parts, 12);
    expect(parts.stopped(A)).toEqual([{ path: A, ...after(12) }]);
  });

  test('joining a recording OBS may have split: the file under way is not known, nor what it holds', () => {
    for (const splits of [true, null]) {
      const parts = new ObsRecordingParts();
      parts.joined(after(10), splits);
      read(parts, 12);
      expect(parts.stopped(A)).toEqual([unknown(A)]);
    }
    const parts = new ObsRecordingParts();
    parts.joined(after(10), true);
    read(parts, 12);
    expect(parts.split(B)).toEqual({ finished: null, why: 'file not known' });
    read(parts, 15);
    expect(parts.stopped(B)).toEqual([{ path: B, ...after(3) }]);
  });

  test('a stop while not recording still tells the file it names, and nothing when it names none', () => {
    const parts = new ObsRecordingParts();
    expect(parts.stopped(A)).toEqual([unknown(A)]);
    expect(parts.stopped(null)).toEqual([]);
  });

  test('a new recording counts from zero again', () => {
    const parts = new ObsRecordingParts();
    parts.started(A);
    read(parts, 8);
    parts.stopped(A);
    parts.started(B);
    read(parts, 2);
    expect(parts.stopped(B)).toEqual([{ path: B, ...after(2) }]);
  });
});
