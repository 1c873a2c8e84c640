import type { ObsHealthSample } from '../../../../src/core/obs-health.js';
import type { ObsLinkSettings } from '../obs/obs-types.js';

/** What the live page shows of OBS's stream health: the latest sample, and frames over the alert window. */
export interface ObsHealthFigures {
  /** When the latest sample was read (epoch ms). */
  at: number;
  bitrateKbps: number | null;
  /** The bitrate averaged over the window's samples that have one; null when none has. */
  windowBitrateKbps: number | null;
  fps: number;
  cpuPercent: number;
  memoryMb: number;
  /** The alert window the frame figures are taken over (seconds). */
  windowSeconds: number;
  droppedFrames: number;
  outputFrames: number;
  /** Dropped frames as a share of the output's frames over the window; null without output frames. */
  droppedPercent: number | null;
  encodeSkipped: number;
  renderSkipped: number;
  /** More frames dropped over the window than the alert allows. */
  isDroppingFrames: boolean;
  /** The bitrate over the window is under the alert's floor (as the alert takes it). */
  isBitrateLow: boolean;
}

/**
 * The figures of `samples` (oldest first) against the profile's alert thresholds: the latest
 * sample's bitrate, frame rate, CPU and memory, and the frames dropped and skipped and the average
 * bitrate over the samples of the last `window_seconds`, the figures the alerts are taken on (the
 * live page's figure stands out when the alert would fire). Null without samples.
 */
export function obsHealthFigures(
  samples: readonly ObsHealthSample[],
  health: ObsLinkSettings['health'],
): ObsHealthFigures | null {
  const latest = samples.at(-1);
  if (!latest) return null;
  const windowSeconds = health.window_seconds;
  const from = latest.at - windowSeconds * 1000;
  let droppedFrames = 0;
  let outputFrames = 0;
  let encodeSkipped = 0;
  let renderSkipped = 0;
  let kbpsSum = 0;
  let kbpsCount = 0;
  for (let i = samples.length - 1; i >= 0 && samples[i]!.at > from; i--) {
    const s = samples[i]!;
    droppedFrames += s.dropped_frames;
    outputFrames += s.output_frames;
    encodeSkipped += s.encode_skipped_frames;
    renderSkipped += s.render_skipped_frames;
    if (s.bitrate_kbps !== null) {
      kbpsSum += s.bitrate_kbps;
      kbpsCount += 1;
    }
  }
  const windowBitrateKbps = kbpsCount > 0 ? kbpsSum / kbpsCount : null;
  const droppedPercent =
    outputFrames > 0 ? (100 * Math.min(droppedFrames, outputFrames)) / outputFrames : null;
  const { dropped_frames_percent: maxDropped, min_bitrate_kbps: minBitrate } = health;
  return {
    at: latest.at,
    bitrateKbps: latest.bitrate_kbps,
    windowBitrateKbps,
    fps: latest.fps,
    cpuPercent: latest.cpu_percent,
    memoryMb: latest.memory_mb,
    windowSeconds,
    droppedFrames,
    outputFrames,
    droppedPercent,
    encodeSkipped,
    renderSkipped,
    isDroppingFrames: droppedPercent !== null && maxDropped !== null && droppedPercent > maxDropped,
    isBitrateLow: windowBitrateKbps !== null && minBitrate !== null && windowBitrateKbps < minBitrate,
  };
}
