import { z } from 'zod';
import type { ObsHealthSample } from './obs-health.js';

/**
 * When a profile hears of poor stream health, as a client sends it (every field may be left out:
 * it takes its default). Parsing `{}` gives the defaults.
 */
export const obsHealthAlarmSettingsSchema = z.strictObject({
  dropped_frames_percent: z
    .number()
    .min(0.1)
    .max(100)
    .nullable()
    .default(5)
    .describe(
      "alert when more than this share (percent) of the stream output's frames were dropped over the window; null: never",
    ),
  min_bitrate_kbps: z
    .number()
    .min(1)
    .max(100_000)
    .nullable()
    .default(null)
    .describe('alert when the average bitrate over the window falls below this (kbps); null: never'),
  window_seconds: z
    .number()
    .int()
    .min(5)
    .max(600)
    .default(30)
    .describe('how many seconds of samples the figures are taken over'),
});

export type ObsHealthAlarmSettings = z.output<typeof obsHealthAlarmSettingsSchema>;
export type ObsHealthAlarmSettingsInput = z.input<typeof obsHealthAlarmSettingsSchema>;

/** More than 5% of frames dropped over 30 s; no bitrate floor (it depends on each streamer's encoder). */
export const DEFAULT_OBS_HEALTH_ALARM: Readonly<ObsHealthAlarmSettings> = Object.freeze(
  obsHealthAlarmSettingsSchema.parse({}),
);

export const OBS_HEALTH_ALERT_KINDS = ['dropped_frames', 'low_bitrate'] as const;
export type ObsHealthAlertKind = (typeof OBS_HEALTH_ALERT_KINDS)[number];

/** Stream health crossed a threshold: the figure over the window (percent, or kbps) and the threshold. */
export interface ObsHealthAlert {
  kind: ObsHealthAlertKind;
  /** The sample that crossed it (epoch ms). */
  at: number;
  value: number;
  threshold: number;
  window_seconds: number;
}

/**
 * The most samples held, whatever the window: two a second over the longest window. Readings come
 * every few seconds; a flood beyond this only shortens the window (and then nothing fires, for want
 * of half a window of samples).
 */
export const MAX_HELD_SAMPLES = 1_200;

interface Held {
  at: number;
  dropped: number;
  output: number;
  bitrate: number | null;
}

/**
 * Watches a stream's health samples, fed in order, and says when an alert fires. Each kind fires
 * once when its figure over the window crosses the threshold, and not again until a figure over
 * the window has been back on the right side of it (dropped frames at or under the percent,
 * bitrate at or above the floor). A figure is taken only over samples spanning at least half the
 * window: the first seconds of a stream, or of a stream after a gap, never fire (nor re-arm).
 * Pure and bounded: time comes with the samples, and only the window's samples are held (at most
 * MAX_HELD_SAMPLES). A sample older than the newest seen, or not timed, is ignored.
 */
export class ObsHealthAlarm {
  private readonly held: Held[] = [];
  private readonly alerting = new Set<ObsHealthAlertKind>();
  private latestAt = -Infinity;
  private readonly windowMs: number;

  /** `settings` as the schema gives them (bounds checked). */
  constructor(private readonly settings: Readonly<ObsHealthAlarmSettings>) {
    this.windowMs = settings.window_seconds * 1000;
  }

  /** Adds a sample; answers the alerts it fires (none, one, or both kinds). */
  observe(sample: ObsHealthSample): ObsHealthAlert[] {
    if (!Number.isFinite(sample.at) || sample.at < this.latestAt) return [];
    this.latestAt = sample.at;
    this.hold(sample);
    const alerts: ObsHealthAlert[] = [];
    const { dropped_frames_percent: percent, min_bitrate_kbps: floor } = this.settings;
    if (percent !== null) {
      const dropped = this.droppedPercent();
      if (dropped !== null) this.decide('dropped_frames', dropped, percent, dropped > percent, alerts);
    }
    if (floor !== null) {
      const bitrate = this.averageBitrate();
      if (bitrate !== null) this.decide('low_bitrate', bitrate, floor, bitrate < floor, alerts);
    }
    return alerts;
  }

  /** Whether `kind` has fired and its figure has not been back on the right side since. */
  isAlerting(kind: ObsHealthAlertKind): boolean {
    return this.alerting.has(kind);
  }

  /** How many samples are held now (the window's). */
  get heldSamples(): number {
    return this.held.length;
  }

  /** Forgets every sample and alert (the stream stopped: the next one starts afresh). */
  reset(): void {
    this.held.length = 0;
    this.alerting.clear();
    this.latestAt = -Infinity;
  }

  private decide(
    kind: ObsHealthAlertKind,
    value: number,
    threshold: number,
    isCrossed: boolean,
    alerts: ObsHealthAlert[],
  ): void {
    if (!isCrossed) {
      this.alerting.delete(kind);
      return;
    }
    if (this.alerting.has(kind)) return;
    this.alerting.add(kind);
    alerts.push({ kind, at: this.latestAt, value, threshold, window_seconds: this.settings.window_seconds });
  }

  private hold(sample: ObsHealthSample): void {
    const count = (n: number) => (Number.isFinite(n) && n >= 0 ? n : 0);
    const bitrate = sample.bitrate_kbps;
    this.held.push({
      at: sample.at,
      dropped: count(sample.dropped_frames),
      output: count(sample.output_frames),
      bitrate: bitrate !== null && Number.isFinite(bitrate) && bitrate >= 0 ? bitrate : null,
    });
    const cutoff = sample.at - this.windowMs;
    while (this.held.length > 0 && (this.held[0]!.at <= cutoff || this.held.length > MAX_HELD_SAMPLES)) {
      this.held.shift();
    }
  }

  /** Whether samples from `first` to the newest span half the window. */
  private spansHalfWindow(first: number): boolean {
    return this.latestAt - first >= this.windowMs / 2;
  }

  /** Percent of the window's output frames dropped; null without half a window, or without frames. */
  private droppedPercent(): number | null {
    if (!this.spansHalfWindow(this.held[0]!.at)) return null;
    let dropped = 0;
    let output = 0;
    for (const h of this.held) {
      dropped += h.dropped;
      output += h.output;
    }
    return output > 0 && Number.isFinite(output) ? (100 * Math.min(dropped, output)) / output : null;
  }

  /** Mean of the window's bitrates; null unless the samples that have one span half the window. */
  private averageBitrate(): number | null {
    let first: number | null = null;
    let sum = 0;
    let n = 0;
    for (const h of this.held) {
      if (h.bitrate === null) continue;
      first ??= h.at;
      sum += h.bitrate;
      n += 1;
    }
    return first !== null && this.spansHalfWindow(first) && Number.isFinite(sum) ? sum / n : null;
  }
}
