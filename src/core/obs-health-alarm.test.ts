import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_OBS_HEALTH_ALARM,
  MAX_HELD_SAMPLES,
  OBS_HEALTH_ALERT_KINDS,
  ObsHealthAlarm,
  obsHealthAlarmSettingsSchema,
  type ObsHealthAlarmSettings,
  type ObsHealthAlert,
} from './obs-health-alarm.js';
import type { ObsHealthSample } from './obs-health.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const EVERY_MS = 2_000;

/** A sample `i` readings after T0: 120 frames, `dropped` of them dropped, at `bitrate`. */
const sample = (i: number, dropped = 0, bitrate: number | null = 6_000): ObsHealthSample => ({
  at: T0 + i * EVERY_MS,
  bitrate_kbps: bitrate,
  fps: 60,
  dropped_frames: dropped,
  output_frames: 120,
  encode_skipped_frames: 0,
  render_skipped_frames: 0,
  cpu_percent: 20,
  memory_mb: 500,
  congestion: null,
});

/** Feeds samples in order; answers each alert with the index of the sample that fired it. */
function feed(alarm: ObsHealthAlarm, samples: readonly ObsHealthSample[]): [number, ObsHealthAlert][] {
  return samples.flatMap((s, i) => alarm.observe(s).map((a) => [i, a] as [number, ObsHealthAlert]));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe('obsHealthAlarmSettingsSchema', () => {
  test('gives the defaults for what is left out, and refuses values out of bounds', () => {
    expect(DEFAULT_OBS_HEALTH_ALARM).toEqual({
      dropped_frames_percent: 5,
      min_bitrate_kbps: null,
      window_seconds: 30,
    });
    expect(obsHealthAlarmSettingsSchema.parse({ min_bitrate_kbps: 2_500 })).toEqual({
      dropped_frames_percent: 5,
      min_bitrate_kbps: 2_500,
      window_seconds: 30,
    });
    expect(
      obsHealthAlarmSettingsSchema.parse({ dropped_frames_percent: null }).dropped_frames_percent,
    ).toBeNull();
    for (const bad of [
      { dropped_frames_percent: 0.05 },
      { dropped_frames_percent: 101 },
      { min_bitrate_kbps: 0 },
      { min_bitrate_kbps: 100_001 },
      { window_seconds: 4 },
      { window_seconds: 601 },
      { window_seconds: 30.5 },
      { dropped_frames_percent: '5' },
      { window: 30 },
    ]) {
      expect(obsHealthAlarmSettingsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('ObsHealthAlarm', () => {
  test('fires once when the dropped frames over the window cross the threshold, however long they stay above it', () => {
    const alarm = new ObsHealthAlarm(DEFAULT_OBS_HEALTH_ALARM);
    // A minute clean, then 12 of 120 frames dropped (10%) for a minute.
    const samples = [...range(0, 30).map((i) => sample(i)), ...range(30, 60).map((i) => sample(i, 12))];
    const alerts = feed(alarm, samples);
    expect(alerts).toHaveLength(1);
    const [index, alert] = alerts[0]!;
    // The window holds 15 samples of 120 frames: more than 5% of 1,800 once 8 samples dropped 12
    // (96 frames, 5.33%).
    expect(index).toBe(37);
    expect(alert).toEqual({
      kind: 'dropped_frames',
      at: T0 + 37 * EVERY_MS,
      value: (100 * 96) / 1_800,
      threshold: 5,
      window_seconds: 30,
    });
    expect(alarm.isAlerting('dropped_frames')).toBe(true);
  });

  test('fires again only after the window has been back under the threshold', () => {
    const alarm = new ObsHealthAlarm(DEFAULT_OBS_HEALTH_ALARM);
    const bad = (from: number, to: number) => range(from, to).map((i) => sample(i, 12));
    const good = (from: number, to: number) => range(from, to).map((i) => sample(i));
    // Bad, a dip that never brings the window back under 5%, bad again, clean (under 5% from the
    // 8th clean sample on), bad again.
    const samples = [...good(0, 15), ...bad(15, 45), ...good(45, 48), ...bad(48, 60), ...good(60, 90)];
    const alerts = feed(alarm, [...samples, ...bad(90, 120)]);
    expect(alerts.map(([i, a]) => [i, a.kind])).toEqual([
      [22, 'dropped_frames'],
      [97, 'dropped_frames'],
    ]);
  });

  test('fires when the average bitrate over the window falls below the floor', () => {
    const alarm = new ObsHealthAlarm({ ...DEFAULT_OBS_HEALTH_ALARM, min_bitrate_kbps: 2_500 });
    const samples = [...range(0, 20).map((i) => sample(i)), ...range(20, 40).map((i) => sample(i, 60, 300))];
    const alerts = feed(alarm, samples);
    expect(alerts.map(([, a]) => a.kind).sort()).toEqual(['dropped_frames', 'low_bitrate']);
    const low = alerts.find(([, a]) => a.kind === 'low_bitrate')!;
    expect(low[1].threshold).toBe(2_500);
    expect(low[1].value).toBeLessThan(2_500);
    // The mean of 15 samples below 2,500 kbps: 6,000 × (15 − n) + 300 × n < 37,500 from n = 10.
    expect(low[0]).toBe(29);
  });

  test('is silent when a threshold is off, whatever the samples', () => {
    const alarm = new ObsHealthAlarm({
      dropped_frames_percent: null,
      min_bitrate_kbps: null,
      window_seconds: 30,
    });
    expect(
      feed(
        alarm,
        range(0, 100).map((i) => sample(i, 120, 0)),
      ),
    ).toEqual([]);
    const bitrateOnly = new ObsHealthAlarm({ ...DEFAULT_OBS_HEALTH_ALARM, dropped_frames_percent: null });
    expect(
      feed(
        bitrateOnly,
        range(0, 100).map((i) => sample(i, 120)),
      ),
    ).toEqual([]);
  });

  test('never fires on less than half a window of samples: at the start, after a gap, or without bitrates', () => {
    const settings = { ...DEFAULT_OBS_HEALTH_ALARM, min_bitrate_kbps: 2_500 };
    const awful = (from: number, to: number) => range(from, to).map((i) => sample(i, 120, 0));
    // Every frame dropped, nothing sent, from the first sample on: both fire together once the
    // samples span 15 s (the 9th; the 8th spans 14 s).
    const alarm = new ObsHealthAlarm(settings);
    const start = feed(alarm, awful(0, 9));
    expect(start.map(([i, a]) => [i, a.kind])).toEqual([
      [8, 'dropped_frames'],
      [8, 'low_bitrate'],
    ]);
    // After a gap longer than the window, the figures start over from the samples after it.
    const gap = feed(new ObsHealthAlarm(settings), [...awful(0, 5), ...awful(60, 69)]);
    expect(gap.map(([i]) => i)).toEqual([13, 13]);
    // Reset (the stream stopped), it is armed again and waits for half a window again.
    alarm.reset();
    expect(alarm.isAlerting('dropped_frames')).toBe(false);
    expect(feed(alarm, awful(100, 109)).map(([i]) => i)).toEqual([8, 8]);
    // Samples without a bitrate count toward dropped frames only.
    expect(
      feed(
        new ObsHealthAlarm(settings),
        range(0, 40).map((i) => sample(i, 0, null)),
      ),
    ).toEqual([]);
  });

  test('ignores samples older than the newest seen, and holds no more than the window', () => {
    const alarm = new ObsHealthAlarm({ ...DEFAULT_OBS_HEALTH_ALARM, window_seconds: 5 });
    feed(
      alarm,
      range(0, 50).map((i) => sample(i)),
    );
    // 5 s at one sample every 2 s: the samples of the last 5 s.
    expect(alarm.heldSamples).toBe(3);
    expect(alarm.observe(sample(10, 120))).toEqual([]);
    expect(alarm.heldSamples).toBe(3);
    // A flood of samples at one instant is cut to MAX_HELD_SAMPLES.
    const flood = new ObsHealthAlarm(DEFAULT_OBS_HEALTH_ALARM);
    for (let i = 0; i < 3 * MAX_HELD_SAMPLES; i++) flood.observe(sample(0, 120));
    expect(flood.heldSamples).toBe(MAX_HELD_SAMPLES);
  });
});

const anySettings: fc.Arbitrary<ObsHealthAlarmSettings> = fc.record({
  dropped_frames_percent: fc.option(fc.double({ min: 0.1, max: 100, noNaN: true })),
  min_bitrate_kbps: fc.option(fc.integer({ min: 1, max: 10_000 })),
  window_seconds: fc.integer({ min: 5, max: 60 }),
});

/** Samples in order, a few seconds apart, with now and then a gap; figures from good to awful. */
const anySamples = fc.array(
  fc.record({
    step: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 120_000 })),
    dropped: fc.integer({ min: 0, max: 120 }),
    bitrate: fc.option(fc.integer({ min: 0, max: 10_000 })),
  }),
  { maxLength: 300 },
);

describe('ObsHealthAlarm properties', () => {
  test('alerts of a kind alternate with recoveries: none fires while one is standing, and none stands without having fired', () => {
    let fired = 0;
    fc.assert(
      fc.property(anySettings, anySamples, (settings, steps) => {
        const alarm = new ObsHealthAlarm(settings);
        let at = T0;
        for (const { step, dropped, bitrate } of steps) {
          at += step;
          const before = OBS_HEALTH_ALERT_KINDS.map((k) => alarm.isAlerting(k));
          const alerts = alarm.observe({ ...sample(0, dropped, bitrate), at });
          fired += alerts.length;
          OBS_HEALTH_ALERT_KINDS.forEach((kind, k) => {
            const firedNow = alerts.filter((a) => a.kind === kind);
            expect(firedNow.length).toBeLessThanOrEqual(1);
            // Fires only from a recovered (or fresh) state; stands only after firing.
            if (firedNow.length > 0) expect(before[k]).toBe(false);
            if (alarm.isAlerting(kind) && !before[k]) expect(firedNow).toHaveLength(1);
            for (const a of firedNow) {
              expect(a.threshold).toBe(
                kind === 'dropped_frames' ? settings.dropped_frames_percent : settings.min_bitrate_kbps,
              );
              expect(kind === 'dropped_frames' ? a.value > a.threshold : a.value < a.threshold).toBe(true);
            }
          });
          expect(alarm.heldSamples).toBeLessThanOrEqual(MAX_HELD_SAMPLES);
        }
      }),
      { numRuns: 300 },
    );
    // The sequences are not all quiet: the property held over alerts actually fired.
    expect(fired).toBeGreaterThan(50);
  });
});
