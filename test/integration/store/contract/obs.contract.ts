import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { ObsHealthSample } from '../../../../src/core/obs-health.js';
import type { ObsOutputFile } from '../../../../src/core/obs-readings.js';
import type { ObsHealthMinute, ProfileStore, StoreEngine } from '../../../../src/store/ports.js';
import { ev, T0 } from '../../../support/events.js';
import type { EngineHarness } from './profile-store.contract.js';
import { GAP } from './random-batches.contract.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** The minutes each run of the fold property spreads its samples over. */
const MINUTES = 5;

const sampleAt = (at: number, figures: Partial<ObsHealthSample> = {}): ObsHealthSample => ({
  at,
  bitrate_kbps: 6_000,
  fps: 60,
  dropped_frames: 0,
  output_frames: 120,
  encode_skipped_frames: 0,
  render_skipped_frames: 0,
  cpu_percent: 20,
  memory_mb: 500,
  congestion: null,
  ...figures,
});

/** Samples spread over MINUTES minutes from 0, in no order, with every figure drawn. */
const anySamples = fc.array(
  fc.record<ObsHealthSample>({
    at: fc.integer({ min: 0, max: MINUTES * MIN - 1 }),
    bitrate_kbps: fc.option(fc.integer({ min: 0, max: 2_000_000 }).map((n) => n / 100)),
    fps: fc.integer({ min: 0, max: 24_000 }).map((n) => n / 100),
    dropped_frames: fc.integer({ min: 0, max: 500 }),
    output_frames: fc.integer({ min: 0, max: 1_000 }),
    encode_skipped_frames: fc.integer({ min: 0, max: 50 }),
    render_skipped_frames: fc.integer({ min: 0, max: 50 }),
    cpu_percent: fc.integer({ min: 0, max: 80_000 }).map((n) => n / 100),
    memory_mb: fc.integer({ min: 0, max: 6_400_000 }).map((n) => n / 100),
    congestion: fc.option(fc.integer({ min: 0, max: 100 }).map((n) => n / 100)),
  }),
  { minLength: 1, maxLength: 40 },
);

/** The minutes the store should hold for these samples, folded here by hand. */
function foldByHand(samples: readonly ObsHealthSample[]): ObsHealthMinute[] {
  const byMinute = new Map<number, ObsHealthSample[]>();
  for (const s of samples) {
    const minute = Math.floor(s.at / MIN) * MIN;
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), s]);
  }
  return [...byMinute.entries()]
    .sort(([a], [b]) => a - b)
    .map(([minute, ss]) => {
      const bitrates = ss.flatMap((s) => (s.bitrate_kbps === null ? [] : [s.bitrate_kbps]));
      const congestions = ss.flatMap((s) => (s.congestion === null ? [] : [s.congestion]));
      const sum = (pick: (s: ObsHealthSample) => number) => ss.reduce((n, s) => n + pick(s), 0);
      return {
        minute,
        samples: ss.length,
        bitrate_avg_kbps: bitrates.length ? bitrates.reduce((a, b) => a + b) / bitrates.length : null,
        bitrate_min_kbps: bitrates.length ? Math.min(...bitrates) : null,
        fps_avg: sum((s) => s.fps) / ss.length,
        fps_min: Math.min(...ss.map((s) => s.fps)),
        dropped_frames: sum((s) => s.dropped_frames),
        output_frames: sum((s) => s.output_frames),
        encode_skipped_frames: sum((s) => s.encode_skipped_frames),
        render_skipped_frames: sum((s) => s.render_skipped_frames),
        cpu_max_percent: Math.max(...ss.map((s) => s.cpu_percent)),
        memory_max_mb: Math.max(...ss.map((s) => s.memory_mb)),
        congestion_max: congestions.length ? Math.max(...congestions) : null,
      };
    });
}

/** Averages summed in another order differ in their last bits: compared closely, the rest exactly. */
const matching = (minutes: ObsHealthMinute[]) =>
  minutes.map((m) => ({
    ...m,
    bitrate_avg_kbps: m.bitrate_avg_kbps === null ? null : expect.closeTo(m.bitrate_avg_kbps, 6),
    fps_avg: expect.closeTo(m.fps_avg, 6),
  }));

const file = (at: number, kind: ObsOutputFile['kind'], name: string): ObsOutputFile => ({
  kind,
  path: `C:\\Users\\streamer\\Videos\\${name}`,
  at,
  size_bytes: 1_000_000,
  duration_ms: kind === 'screenshot' ? null : 30_000,
  codec: kind === 'screenshot' ? null : 'obs_x264',
  width: 1920,
  height: 1080,
});

/** Retention's store side over the events before `cutoff` (see retention.contract.ts). */
async function retainBefore(store: ProfileStore, cutoff: number): Promise<void> {
  const range = (await store.retentionRange(cutoff))!;
  const run = await store.beginRetentionRun({
    started_at: cutoff,
    cutoff,
    ...range,
    archive: 'events.ndjson.gz',
    archive_bytes: 1,
    archive_sha256: '0'.repeat(64),
  });
  while ((await store.advanceSnapshot(range.to_seq, 100)) < range.to_seq);
  while ((await store.deleteRetainedSlice(run.id, 100, cutoff)) > 0);
}

/** A profile's OBS record (stream health and the files OBS wrote), run against each engine. */
export function runObsStoreContract(harness: EngineHarness): void {
  describe(`obs health and recordings: ${harness.name}`, () => {
    let engine: StoreEngine;
    beforeEach(async () => {
      engine = await harness.create(GAP);
      await engine.system.createProfile({ id: 'p1', name: 'P1' });
      await engine.system.createProfile({ id: 'p2', name: 'P2' });
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    test('samples written in any order fold into the minutes a fold by hand gives, read over exact [from, to) ranges', async () => {
      const store = await engine.openProfile('p1');
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          anySamples,
          fc.integer({ min: 0, max: MINUTES * MIN }),
          fc.integer({ min: 0, max: MINUTES }),
          async (samples, from, minutes) => {
            // Each run on a day of its own: what earlier runs wrote is outside its ranges.
            const day = T0 + (run += 1) * DAY;
            const moved = samples.map((s) => ({ ...s, at: day + s.at }));
            await Promise.all(moved.map((s) => store.addObsHealth(s)));
            const expected = foldByHand(moved);
            expect(await store.obsHealthBetween(day, day + MINUTES * MIN)).toEqual(matching(expected));
            // A minute is in a range when its start is: one that began before `from` is not.
            const start = day + from;
            const end = day + minutes * MIN;
            const inRange = expected.filter((m) => m.minute >= start && m.minute < end);
            expect(await store.obsHealthBetween(start, end)).toEqual(matching(inRange));
          },
        ),
        { numRuns: 6 },
      );
      // A sample the fold cannot take is refused, and its minute stays as it was.
      const minute = T0 - DAY;
      await store.addObsHealth(sampleAt(minute + 1_000, { bitrate_kbps: null }));
      for (const bad of [
        { dropped_frames: 1.5 },
        { fps: Number.NaN },
        { bitrate_kbps: -1 },
        { at: Infinity },
      ]) {
        await expect(store.addObsHealth(sampleAt(minute + 2_000, bad))).rejects.toMatchObject({
          code: 'OBS_HEALTH_INVALID',
        });
      }
      expect(await store.obsHealthBetween(minute, minute + MIN)).toEqual([
        expect.objectContaining({ minute, samples: 1, bitrate_avg_kbps: null, bitrate_min_kbps: null }),
      ]);
      expect(await store.obsHealthBetween(Number.NaN, Infinity)).toEqual([]);
      expect(await store.obsHealthBetween(minute + MIN, minute)).toEqual([]);
    });

    test('files are numbered in the order recorded and listed by range, limit and kinds, oldest first', async () => {
      const store = await engine.openProfile('p1');
      const files = [
        file(T0 + 5_000, 'recording', 'stream.mkv'),
        file(T0 + 1_000, 'replay', 'Replay 1.mkv'),
        file(T0 + 3_000, 'screenshot', 'shot.png'),
        file(T0 + 3_000, 'replay', 'Replay 2.mkv'),
        file(T0 + 9_000, 'recording', 'stream 2.mkv'),
      ];
      const stored = [];
      for (const f of files) stored.push(await store.addObsRecording(f));
      expect(stored).toEqual(files.map((f) => ({ ...f, id: expect.any(Number) })));
      expect(stored.map((r) => r.id)).toEqual([...stored.map((r) => r.id)].sort((a, b) => a - b));
      expect(new Set(stored.map((r) => r.id)).size).toBe(files.length);
      const [rec, replay1, shot, replay2, rec2] = stored;
      expect(await store.obsRecordingsBetween(T0, T0 + 10_000, 100)).toEqual([
        replay1,
        shot,
        replay2,
        rec,
        rec2,
      ]);
      // [from, to): a file at `from` is in, one at `to` is not.
      expect(await store.obsRecordingsBetween(T0 + 3_000, T0 + 9_000, 100)).toEqual([shot, replay2, rec]);
      expect(await store.obsRecordingsBetween(T0, T0 + 10_000, 2)).toEqual([replay1, shot]);
      expect(await store.obsRecordingsBetween(T0, T0 + 10_000, 100, ['replay'])).toEqual([replay1, replay2]);
      expect(await store.obsRecordingsBetween(T0, T0 + 10_000, 100, ['recording', 'screenshot'])).toEqual([
        shot,
        rec,
        rec2,
      ]);
      expect(await store.obsRecordingsBetween(T0, T0 + 10_000, 100, [])).toEqual([]);
      expect(await store.obsRecordingsBetween(T0, T0 + 10_000, 0)).toEqual([]);
      expect(await store.obsRecordingsBetween(T0, T0 + 10_000, -1)).toEqual([]);
      expect(await store.obsRecordingsBetween(Number.NaN, T0 + 10_000, 100)).toEqual([]);

      // What cannot be kept as given is cleaned: the path cut around its middle to its bounds
      // (its start and file name kept), no NUL, unreadable figures as null.
      const longPath = `D:\\${'very long folder\\'.repeat(400)}clip\u0000 😀.mkv`;
      const odd = await store.addObsRecording({
        ...file(T0 + 20_000.4, 'recording', ''),
        path: longPath,
        size_bytes: Number.NaN,
        duration_ms: -5,
        codec: 'x'.repeat(1_000),
        width: Infinity,
      });
      expect(odd.path).toHaveLength(4_096);
      expect(odd.path.startsWith('D:\\very long folder')).toBe(true);
      expect(odd.path.endsWith('clip 😀.mkv')).toBe(true);
      expect(odd.path).toContain('…');
      expect(odd).toMatchObject({
        at: T0 + 20_000,
        size_bytes: null,
        duration_ms: null,
        width: null,
        height: 1080,
      });
      expect(odd.codec).toHaveLength(200);
      expect(await store.obsRecordingsBetween(T0 + 20_000, T0 + 20_001, 10)).toEqual([odd]);
      for (const bad of [{ kind: 'video' }, { at: Number.NaN }, { path: null }]) {
        await expect(
          store.addObsRecording({ ...file(T0, 'recording', 'x.mkv'), ...bad } as ObsOutputFile),
        ).rejects.toMatchObject({ code: 'OBS_FILE_INVALID' });
      }
      expect(await store.obsRecordingsBetween(T0, T0 + 1, 10)).toEqual([]);
    });

    test('a profile keeps its record apart from others, across a reopen, a rebuild, a void and retention, and loses it with the profile', async () => {
      let p1 = await engine.openProfile('p1');
      const p2 = await engine.openProfile('p2');
      await p1.append(
        Array.from({ length: 6 }, (_, i) => ev({ kind: 'like', at: T0 + i * MIN, id: `l${i}` })),
      );
      await p1.addObsHealth(sampleAt(T0 + 1_000, { dropped_frames: 3 }));
      await p1.addObsHealth(sampleAt(T0 + 3 * MIN, { bitrate_kbps: 2_000 }));
      const recording = await p1.addObsRecording(file(T0 + MIN, 'recording', 'stream.mkv'));
      await p2.addObsHealth(sampleAt(T0 + 2_000, { dropped_frames: 50 }));
      const health = await p1.obsHealthBetween(T0, T0 + DAY);
      expect(health.map((m) => [m.minute, m.dropped_frames, m.bitrate_min_kbps])).toEqual([
        [T0, 3, 6_000],
        [T0 + 3 * MIN, 0, 2_000],
      ]);
      expect((await p2.obsHealthBetween(T0, T0 + DAY)).map((m) => m.dropped_frames)).toEqual([50]);
      expect(await p2.obsRecordingsBetween(T0, T0 + DAY, 10)).toEqual([]);

      await p1.rebuild();
      await p1.voidEvents(
        { target: { seq: { from: 6, to: 6 } }, by: 'test', reason: 'test', dryRun: false },
        T0 + 10 * MIN,
      );
      await retainBefore(p1, T0 + 4 * MIN);
      expect((await p1.listEvents(0, 100)).map((e) => e.seq)).toEqual([5, 6, 7]);
      await engine.close();
      engine = await harness.reopen(GAP);
      p1 = await engine.openProfile('p1');
      expect(await p1.obsHealthBetween(T0, T0 + DAY)).toEqual(health);
      expect(await p1.obsRecordingsBetween(T0, T0 + DAY, 10)).toEqual([recording]);

      await engine.dropProfile('p1');
      p1 = await engine.openProfile('p1');
      expect(await p1.obsHealthBetween(T0, T0 + DAY)).toEqual([]);
      expect(await p1.obsRecordingsBetween(T0, T0 + DAY, 10)).toEqual([]);
      expect(await (await engine.openProfile('p2')).obsHealthBetween(T0, T0 + DAY)).toHaveLength(1);
    });
  });
}
