import type { ObsReading } from './obs-readings.js';

/**
 * One sample of stream health: the figures of a reading, with what happened since the reading
 * before it (bitrate from the bytes sent between them, frames dropped and skipped between them).
 * Every figure is finite and never negative; frame counts are whole numbers.
 */
export interface ObsHealthSample {
  /** When it was read (epoch ms). */
  at: number;
  /**
   * Kilobits per second sent between the previous reading and this one; null when the two are
   * too far apart (or out of order) for an average over them to say anything (see MAX_RATE_GAP_MS).
   */
  bitrate_kbps: number | null;
  fps: number;
  /** Frames the stream output dropped (network) and handled since the previous reading. */
  dropped_frames: number;
  output_frames: number;
  /** Frames skipped for encoding lag and missed for rendering lag since the previous reading. */
  encode_skipped_frames: number;
  render_skipped_frames: number;
  cpu_percent: number;
  memory_mb: number;
  /** 0-1, when OBS reports it. */
  congestion: number | null;
}

/**
 * The longest time between two readings over which a bitrate is still given (ms). A reading every
 * few seconds is the rule; past this (the link to OBS was down), an average over the whole gap
 * would hide whatever collapse happened in it, and would land in a single minute of the timeline.
 */
export const MAX_RATE_GAP_MS = 90_000;

/** The counters a reading carries; each only grows while the same stream output runs. */
const COUNTERS = [
  'output_bytes',
  'network_dropped_frames',
  'network_total_frames',
  'encode_skipped_frames',
  'encode_total_frames',
  'render_skipped_frames',
  'render_total_frames',
] as const satisfies readonly (keyof ObsReading)[];

type Growth = Record<(typeof COUNTERS)[number], number>;

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
const isFigure = (n: number): boolean => Number.isFinite(n) && n >= 0;

/**
 * The health sample of `reading`, given the reading before it; null when there is nothing to say:
 * no previous reading, either of them not streaming, a figure that is not a finite non-negative
 * number (counters: a whole number), or counters lower than the previous reading's. The last means
 * another stream output (it stopped and started again between the two) or another run of OBS (the
 * encode and render counters count from OBS's start): a delta over it would be meaningless, so the
 * next reading starts over from this one. Pure: the caller keeps the previous reading.
 */
export function healthSample(previous: ObsReading | null, reading: ObsReading): ObsHealthSample | null {
  if (!previous?.streaming || !reading.streaming) return null;
  if (!isReadable(previous) || !isReadable(reading)) return null;
  if (reading.output_duration_ms < previous.output_duration_ms) return null;
  const growth = counterGrowth(previous, reading);
  if (!growth) return null;
  const elapsed = reading.at - previous.at;
  const bitrate = elapsed > 0 && elapsed <= MAX_RATE_GAP_MS ? (growth.output_bytes * 8) / elapsed : null;
  return {
    at: reading.at,
    // Bytes × 8 over milliseconds is bits per millisecond: kilobits per second.
    bitrate_kbps: bitrate !== null && Number.isFinite(bitrate) ? bitrate : null,
    fps: reading.active_fps,
    dropped_frames: growth.network_dropped_frames,
    output_frames: growth.network_total_frames,
    encode_skipped_frames: growth.encode_skipped_frames,
    render_skipped_frames: growth.render_skipped_frames,
    cpu_percent: reading.cpu_percent,
    memory_mb: reading.memory_mb,
    congestion: congestionOf(reading.congestion),
  };
}

/** Whether every figure a sample takes from a reading is usable. */
function isReadable(r: ObsReading): boolean {
  return (
    Number.isFinite(r.at) &&
    isFigure(r.output_duration_ms) &&
    isFigure(r.active_fps) &&
    isFigure(r.cpu_percent) &&
    isFigure(r.memory_mb) &&
    COUNTERS.every((c) => isCount(r[c]))
  );
}

/** OBS's congestion as a share (0-1); null when it gives none, or none that is a number. */
const congestionOf = (c: number | null): number | null => (c !== null && isFigure(c) ? Math.min(c, 1) : null);

/** Each counter's growth from `previous` to `reading`; null when any went backwards. */
function counterGrowth(previous: ObsReading, reading: ObsReading): Growth | null {
  const growth = {} as Growth;
  for (const c of COUNTERS) {
    const delta = reading[c] - previous[c];
    if (delta < 0) return null;
    growth[c] = delta;
  }
  return growth;
}
