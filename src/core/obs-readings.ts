/**
 * What StreamPulse reads from OBS Studio through obs-websocket (v5): its output figures at one
 * moment, and the files it writes. Core types only: the connector produces them, the health
 * fold, the store and the web app take them.
 */

/** OBS's stats and its stream output's status at one moment (GetStats and GetStreamStatus), as read. */
export interface ObsReading {
  /** When it was read (epoch ms). */
  at: number;
  /** Whether the stream output is active (live), and whether it is reconnecting to the service. */
  streaming: boolean;
  reconnecting: boolean;
  /** Bytes the stream output sent since it started (0 when not streaming). */
  output_bytes: number;
  /** How long the stream output has been active (ms). */
  output_duration_ms: number;
  /** Frames the stream output dropped (network) and handled since it started. */
  network_dropped_frames: number;
  network_total_frames: number;
  /** Congestion of the stream output, 0-1, when OBS reports it. */
  congestion: number | null;
  /** Frames per second OBS renders now. */
  active_fps: number;
  /** Frames skipped for encoding lag, and frames output, since OBS started. */
  encode_skipped_frames: number;
  encode_total_frames: number;
  /** Frames missed for rendering lag ("lagged"), and frames rendered, since OBS started. */
  render_skipped_frames: number;
  render_total_frames: number;
  /** OBS's own CPU use (percent of one core) and memory (MB). */
  cpu_percent: number;
  memory_mb: number;
  /** Free space on the disk OBS records to (MB), when reported. */
  available_disk_mb: number | null;
}

/** Kinds of file OBS writes that StreamPulse keeps a record of. */
export const OBS_FILE_KINDS = ['recording', 'replay', 'screenshot'] as const;
export type ObsFileKind = (typeof OBS_FILE_KINDS)[number];

/**
 * A file OBS wrote: a finished recording file (one per part of a split recording), a saved replay
 * buffer, a screenshot. What OBS does not report, or what cannot be read from the file, is null.
 */
export interface ObsOutputFile {
  kind: ObsFileKind;
  /** The file's path on the machine OBS runs on. */
  path: string;
  /** When OBS reported the file written (epoch ms). */
  at: number;
  size_bytes: number | null;
  duration_ms: number | null;
  /** The video codec or encoder OBS was set to use, e.g. "obs_x264". */
  codec: string | null;
  width: number | null;
  height: number | null;
}

/** The outputs OBS reports the state of. */
export const OBS_OUTPUTS = ['stream', 'record', 'replay_buffer'] as const;
export type ObsOutput = (typeof OBS_OUTPUTS)[number];
