import type { ObsHealthSample } from '../../../../src/core/obs-health.js';
import { OBS_LINK_STATES } from '../../../../src/core/obs-status.js';
import type { ObsStatus } from '../../api/openapi.gen.js';

// A socket message is read field by field: whatever else it holds, or lacks, never reaches the page.

type Fields = Record<string, unknown>;

const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null;
/** A finite figure not below zero, else null. */
const figure = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const STATES: readonly string[] = OBS_LINK_STATES;

/** The health sample an `obs_health` message carries; null when any figure is missing or unusable. */
export function readObsSample(payload: unknown): ObsHealthSample | null {
  if (!isFields(payload) || typeof payload.at !== 'number' || !Number.isFinite(payload.at)) return null;
  const counts = {
    fps: figure(payload.fps),
    dropped_frames: figure(payload.dropped_frames),
    output_frames: figure(payload.output_frames),
    encode_skipped_frames: figure(payload.encode_skipped_frames),
    render_skipped_frames: figure(payload.render_skipped_frames),
    cpu_percent: figure(payload.cpu_percent),
    memory_mb: figure(payload.memory_mb),
  };
  if (Object.values(counts).some((v) => v === null)) return null;
  return {
    ...(counts as Record<keyof typeof counts, number>),
    at: payload.at,
    bitrate_kbps: figure(payload.bitrate_kbps),
    congestion: figure(payload.congestion),
  };
}

/** The link status an `obs_status` message carries; null when it is not one. */
export function readObsStatus(payload: unknown): ObsStatus | null {
  if (!isFields(payload) || typeof payload.state !== 'string' || !STATES.includes(payload.state)) return null;
  const error = isFields(payload.last_error) ? payload.last_error : null;
  const message = text(error?.message);
  return {
    state: payload.state as ObsStatus['state'],
    // A time missing from the message: it has just arrived, which is close enough.
    since: text(payload.since) ?? new Date().toISOString(),
    failures: figure(payload.failures) ?? 0,
    last_error: message === null ? null : { message, at: text(error?.at) ?? new Date().toISOString() },
    next_attempt_at: text(payload.next_attempt_at),
    obs_version: text(payload.obs_version),
    streaming: payload.streaming === true,
    recording: payload.recording === true,
    replay_buffer: payload.replay_buffer === true,
  };
}

/** Whether a message is for `profile` (any other, or no object at all, is left out). */
export const isForProfile = (payload: unknown, profile: string): boolean =>
  isFields(payload) && payload.profile === profile;
