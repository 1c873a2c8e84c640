/**
 * A clip source of a profile as the API shows it: the Twitch poller of a stream, or the
 * profile's Discord bot. Its own module (core types only) so the web app can share it.
 */
export const CLIP_SOURCE_KINDS = ['twitch', 'discord'] as const;
export type ClipSourceKind = (typeof CLIP_SOURCE_KINDS)[number];

/**
 * - `idle`: configured and waiting for its next poll (Twitch);
 * - `running`: polling, or connected and watching (Discord);
 * - `error`: the last attempt failed; retried with backoff;
 * - `stopped`: not configured, or missing what it needs (credentials, a token).
 */
export const CLIP_SOURCE_STATES = ['idle', 'running', 'error', 'stopped'] as const;
export type ClipSourceState = (typeof CLIP_SOURCE_STATES)[number];

export interface ClipSourceStatusView {
  kind: ClipSourceKind;
  /** The stream polled (Twitch), or null (Discord). */
  stream: string | null;
  state: ClipSourceState;
  /** When the state last changed (ISO-8601). */
  since: string;
  /** Failed attempts in a row. */
  failures: number;
  last_error: { message: string; at: string } | null;
  /** When the next attempt or poll is due (ISO-8601), if one is. */
  next_attempt_at: string | null;
  /** What the source did last, in plain words (e.g. "42 clips, 3 new"), or null. */
  detail: string | null;
}
