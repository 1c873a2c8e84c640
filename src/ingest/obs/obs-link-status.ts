import type { ObsLinkState, ObsStatusView } from '../../core/obs-status.js';
import type { ObsConnected } from './obs-link.port.js';

/** What a profile's link knows of how it is doing (times epoch ms). */
export interface ObsLinkProgress {
  state: ObsLinkState;
  since: number;
  failures: number;
  lastError: { message: string; at: number } | null;
  nextAttemptAt: number | null;
  /** What OBS said when the link last connected, with its outputs since. */
  connected: ObsConnected | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The link as answered; `progress` null: no link set up since `startedAt`. */
export function viewObsStatus(progress: ObsLinkProgress | null, startedAt: number): ObsStatusView {
  if (!progress) {
    return {
      state: 'stopped',
      since: iso(startedAt),
      failures: 0,
      last_error: null,
      next_attempt_at: null,
      obs_version: null,
      streaming: false,
      recording: false,
      replay_buffer: false,
    };
  }
  // Outputs are known only while connected.
  const outputs = progress.state === 'connected' ? progress.connected : null;
  return {
    state: progress.state,
    since: iso(progress.since),
    failures: progress.failures,
    last_error: progress.lastError && { message: progress.lastError.message, at: iso(progress.lastError.at) },
    next_attempt_at: progress.nextAttemptAt === null ? null : iso(progress.nextAttemptAt),
    obs_version: progress.connected?.obs_version ?? null,
    streaming: outputs?.streaming ?? false,
    recording: outputs?.recording ?? false,
    replay_buffer: outputs?.replay_buffer ?? false,
  };
}
