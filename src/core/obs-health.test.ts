import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { healthSample, MAX_RATE_GAP_MS, type ObsHealthSample } from './obs-health.js';
import type { ObsReading } from './obs-readings.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);

/** A reading of a stream output live for a minute, at T0. */
const base: ObsReading = {
  at: T0,
  streaming: true,
  reconnecting: false,
  output_bytes: 45_000_000,
  output_duration_ms: 60_000,
  network_dropped_frames: 12,
  network_total_frames: 3_600,
  congestion: 0.1,
  active_fps: 60,
  encode_skipped_frames: 3,
  encode_total_frames: 90_000,
  render_skipped_frames: 7,
  render_total_frames: 90_100,
  cpu_percent: 23.5,
  memory_mb: 512,
  available_disk_mb: 100_000,
};

const COUNTERS = [
  'output_bytes',
  'network_dropped_frames',
  'network_total_frames',
  'encode_skipped_frames',
  'encode_total_frames',
  'render_skipped_frames',
  'render_total_frames',
] as const;
type Counter = (typeof COUNTERS)[number];

/** The reading of the same output `ms` after `from`, its counters grown by `by`. */
function later(ms: number, by: Partial<Record<Counter, number>> = {}, from: ObsReading = base): ObsReading {
  const next = { ...from, at: from.at + ms, output_duration_ms: from.output_duration_ms + ms };
  for (const c of COUNTERS) next[c] += by[c] ?? 0;
  return next;
}

describe('healthSample', () => {
  test('takes the bitrate from the bytes sent over the time between two readings, and the frames in between', () => {
    // 750,000 bytes in 2 s: 6,000,000 bits in 2 s, 3,000 kbps.
    const reading = {
      ...later(2_000, {
        output_bytes: 750_000,
        network_dropped_frames: 5,
        network_total_frames: 120,
        encode_skipped_frames: 1,
        encode_total_frames: 120,
        render_skipped_frames: 2,
        render_total_frames: 120,
      }),
      active_fps: 59.94,
      cpu_percent: 31,
      memory_mb: 530,
      congestion: 0.4,
    };
    expect(healthSample(base, reading)).toEqual({
      at: T0 + 2_000,
      bitrate_kbps: 3_000,
      fps: 59.94,
      dropped_frames: 5,
      output_frames: 120,
      encode_skipped_frames: 1,
      render_skipped_frames: 2,
      cpu_percent: 31,
      memory_mb: 530,
      congestion: 0.4,
    } satisfies ObsHealthSample);
  });

  test('says nothing without a previous reading, or when either reading is not streaming', () => {
    const next = later(2_000, { output_bytes: 1_000 });
    expect(healthSample(null, next)).toBeNull();
    expect(healthSample({ ...base, streaming: false }, next)).toBeNull();
    expect(healthSample(base, { ...next, streaming: false })).toBeNull();
  });

  test('says nothing when a counter went backwards: the output or OBS started again in between', () => {
    // The stream stopped and started again: a new output, its counters from zero.
    const restarted = {
      ...later(3_000),
      output_bytes: 400_000,
      output_duration_ms: 1_500,
      network_total_frames: 90,
      network_dropped_frames: 0,
    };
    expect(healthSample(base, restarted)).toBeNull();
    // OBS itself started again: its encode and render counts start over too.
    expect(healthSample(base, { ...later(3_000, { output_bytes: 1 }), render_total_frames: 10 })).toBeNull();
    // From the first reading of the new output on, samples come again.
    expect(healthSample(restarted, later(2_000, { output_bytes: 500_000 }, restarted))).toMatchObject({
      bitrate_kbps: 2_000,
    });
  });

  test('gives no bitrate over a gap longer than MAX_RATE_GAP_MS, nor between readings out of order, but still the frames', () => {
    const afterGap = later(MAX_RATE_GAP_MS + 1, { output_bytes: 50_000_000, network_dropped_frames: 9 });
    expect(healthSample(base, afterGap)).toMatchObject({ bitrate_kbps: null, dropped_frames: 9 });
    expect(healthSample(base, later(MAX_RATE_GAP_MS, { output_bytes: 1_125_000 }))).toMatchObject({
      bitrate_kbps: 100,
    });
    const sameTime = later(0, { network_total_frames: 4 });
    expect(healthSample(base, sameTime)).toMatchObject({ bitrate_kbps: null, output_frames: 4 });
    expect(healthSample(base, { ...later(2_000), at: T0 - 1 })).toMatchObject({ bitrate_kbps: null });
  });

  test('says nothing of a reading with a figure that is not a finite, non-negative number; congestion off the scale is dropped or capped', () => {
    for (const broken of [
      { output_bytes: Number.NaN },
      { network_total_frames: 1.5 },
      { active_fps: Infinity },
      { cpu_percent: -1 },
      { at: Number.NaN },
    ] satisfies Partial<ObsReading>[]) {
      expect(healthSample(base, { ...later(2_000), ...broken })).toBeNull();
    }
    expect(healthSample(base, { ...later(2_000), congestion: Number.NaN })?.congestion).toBeNull();
    expect(healthSample(base, { ...later(2_000), congestion: -0.5 })?.congestion).toBeNull();
    expect(healthSample(base, { ...later(2_000), congestion: 3 })?.congestion).toBe(1);
  });
});

/** Time to the next reading (a few seconds, or a gap) and each counter's growth meanwhile. */
const step = fc.record({
  ms: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 5 * MAX_RATE_GAP_MS })),
  growth: fc.tuple(...COUNTERS.map(() => fc.integer({ min: 0, max: 5_000_000 }))),
  fps: fc.double({ min: 0, max: 240, noNaN: true }),
});

/** A stream output's readings in order, nothing restarting. */
const readingSequence = fc.array(step, { minLength: 1, maxLength: 40 }).map((steps) =>
  steps.reduce<ObsReading[]>(
    (readings, { ms, growth, fps }) => {
      const by = Object.fromEntries(COUNTERS.map((c, i) => [c, growth[i]!]));
      return [...readings, { ...later(ms, by, readings.at(-1)), active_fps: fps }];
    },
    [base],
  ),
);

/** Any number a hostile or broken connector might hand over. */
const anyNumber = fc.oneof(
  fc.integer({ min: -1_000, max: 1_000_000_000 }),
  fc.double(),
  fc.constantFrom(-0, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, -Infinity, Infinity, Number.NaN),
);

const FIGURES = [
  ...COUNTERS,
  'at',
  'output_duration_ms',
  'active_fps',
  'cpu_percent',
  'memory_mb',
  'congestion',
];

/** None, one, or several of a reading's figures replaced by any number. */
const broken: fc.Arbitrary<Partial<ObsReading>> = fc.oneof(
  fc.constant({}),
  fc.tuple(fc.constantFrom(...FIGURES), anyNumber).map(([k, v]) => ({ [k]: v })),
  fc.record(Object.fromEntries(FIGURES.map((k) => [k, anyNumber])), { requiredKeys: [] }),
);

/** Two readings of one output, some of the figures of either replaced by any number. */
const hostilePair = fc
  .tuple(readingSequence, broken, broken, fc.boolean())
  .map(([readings, breakFirst, breakSecond, both]) => {
    const [first, second] = readings.slice(-2) as [ObsReading, ObsReading | undefined];
    return [
      { ...first, ...(both ? breakFirst : {}) },
      { ...(second ?? first), ...breakSecond },
    ] as const;
  });

describe('healthSample properties', () => {
  test('on any pair of readings, no delta is negative and every figure is finite; a bitrate is null or finite and not negative', () => {
    let given = 0;
    fc.assert(
      fc.property(hostilePair, ([previous, reading]) => {
        const sample = healthSample(previous, reading);
        if (sample === null) return;
        given += 1;
        for (const value of [
          sample.dropped_frames,
          sample.output_frames,
          sample.encode_skipped_frames,
          sample.render_skipped_frames,
          sample.fps,
          sample.cpu_percent,
          sample.memory_mb,
        ]) {
          expect(Number.isFinite(value) && value >= 0).toBe(true);
        }
        expect(Number.isSafeInteger(sample.dropped_frames)).toBe(true);
        if (sample.bitrate_kbps !== null) {
          expect(Number.isFinite(sample.bitrate_kbps) && sample.bitrate_kbps >= 0).toBe(true);
        }
        if (sample.congestion !== null) expect(sample.congestion >= 0 && sample.congestion <= 1).toBe(true);
      }),
      { numRuns: 2_000 },
    );
    // The pairs are not all broken: the property held over samples actually given.
    expect(given).toBeGreaterThan(100);
  });

  test('the deltas of a sequence of readings add up to the growth of the counters when nothing restarts', () => {
    fc.assert(
      fc.property(readingSequence, (readings) => {
        const samples = readings.slice(1).map((r, i) => healthSample(readings[i]!, r));
        expect(samples.every((s) => s !== null)).toBe(true);
        const sum = (pick: (s: ObsHealthSample) => number) => samples.reduce((n, s) => n + pick(s!), 0);
        const first = readings[0]!;
        const last = readings.at(-1)!;
        expect(sum((s) => s.dropped_frames)).toBe(last.network_dropped_frames - first.network_dropped_frames);
        expect(sum((s) => s.output_frames)).toBe(last.network_total_frames - first.network_total_frames);
        expect(sum((s) => s.encode_skipped_frames)).toBe(
          last.encode_skipped_frames - first.encode_skipped_frames,
        );
        expect(sum((s) => s.render_skipped_frames)).toBe(
          last.render_skipped_frames - first.render_skipped_frames,
        );
        // Where a bitrate is given, it times the time between readings is the bytes sent.
        samples.forEach((s, i) => {
          if (s!.bitrate_kbps === null) return;
          const ms = readings[i + 1]!.at - readings[i]!.at;
          const bytes = readings[i + 1]!.output_bytes - readings[i]!.output_bytes;
          expect((s!.bitrate_kbps * ms) / 8).toBeCloseTo(bytes, 3);
        });
      }),
      { numRuns: 200 },
    );
  });
});
