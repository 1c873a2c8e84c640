/**
 * How a profile's OBS link is doing:
 * - `connecting`: connecting to obs-websocket;
 * - `connected`: connected; readings are taken;
 * - `waiting`: OBS cannot be reached (not running, another address); tried again with backoff;
 * - `error`: OBS refused the link (a wrong password, or one missing); tried again later;
 * - `stopped`: no OBS link set up.
 */
export const OBS_LINK_STATES = ['connecting', 'connected', 'waiting', 'error', 'stopped'] as const;
export type ObsLinkState = (typeof OBS_LINK_STATES)[number];

/** The link as the API and the live push show it: times as ISO-8601. Core types only (shared with the web app). */
export interface ObsStatusView {
  state: ObsLinkState;
  /** When the state last changed. */
  since: string;
  /** Failed attempts in a row (0 once connected). */
  failures: number;
  last_error: { message: string; at: string } | null;
  /** When the next attempt is due, while waiting to connect again. */
  next_attempt_at: string | null;
  /** What OBS said when the link connected, or null. */
  obs_version: string | null;
  /** What OBS's outputs are doing (false when not connected). */
  streaming: boolean;
  recording: boolean;
  replay_buffer: boolean;
}
