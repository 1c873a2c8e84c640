import type { ObsHealthSample } from '../core/obs-health.js';
import type { ObsFileKind, ObsOutputFile } from '../core/obs-readings.js';

/**
 * OBS's stream health over one minute, folded from the samples taken in it (like the event
 * rollups: one row per minute, written as samples arrive). Frame counts are those of the minute.
 */
export interface ObsHealthMinute {
  /** The minute's start (epoch ms). */
  minute: number;
  samples: number;
  /** Over the minute's samples that have a bitrate; null when none has. */
  bitrate_avg_kbps: number | null;
  bitrate_min_kbps: number | null;
  fps_avg: number;
  fps_min: number;
  /** Frames the stream output dropped (network) and handled in the minute. */
  dropped_frames: number;
  output_frames: number;
  /** Frames skipped for encoding lag and missed for rendering lag in the minute. */
  encode_skipped_frames: number;
  render_skipped_frames: number;
  cpu_max_percent: number;
  memory_max_mb: number;
  /** Null when no sample of the minute had one. */
  congestion_max: number | null;
}

/** A file OBS wrote, as stored: numbered in the order recorded. */
export interface ObsRecording extends ObsOutputFile {
  id: number;
}

/** The most minutes one `obsHealthBetween` answers (the oldest): 69 days of streaming without a break. */
export const OBS_HEALTH_MAX_MINUTES = 100_000;
/** The most files one `obsRecordingsBetween` answers, whatever `limit` asks. */
export const OBS_RECORDINGS_MAX_LIMIT = 10_000;

/**
 * A profile's record of what OBS did: its stream health and the files it wrote. Source data of
 * the profile's own (no event builds it): dropped with the profile, kept by backups, untouched by
 * retention, rebuilds and voids.
 */
export interface ObsStore {
  /**
   * Folds a sample into its minute (the minute of `sample.at`): the same minute whatever the order
   * and number of its samples. Throws `OBS_HEALTH_INVALID` (a ValidationError) for a sample whose
   * figures are not what `healthSample` gives (finite, not negative, whole frame counts).
   */
  addObsHealth(sample: ObsHealthSample): Promise<void>;
  /** The minutes with samples whose start is in [from, to), oldest first, at most OBS_HEALTH_MAX_MINUTES. */
  obsHealthBetween(from: number, to: number): Promise<ObsHealthMinute[]>;
  /**
   * Keeps a record of a file OBS wrote, as `storedObsFile` cleans it (a path cut to its first and
   * last characters past OBS_PATH_MAX, unreadable figures as null); answers it as stored. Throws
   * `OBS_FILE_INVALID` (a ValidationError) for an unknown kind or a time that is not a number.
   */
  addObsRecording(file: ObsOutputFile): Promise<ObsRecording>;
  /**
   * Files written in [from, to), oldest first (in the order recorded within one instant), at most
   * `limit` (and OBS_RECORDINGS_MAX_LIMIT), of the kinds given (all when omitted; none when empty).
   */
  obsRecordingsBetween(
    from: number,
    to: number,
    limit: number,
    kinds?: readonly ObsFileKind[],
  ): Promise<ObsRecording[]>;
}
