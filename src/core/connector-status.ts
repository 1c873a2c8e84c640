import type { Platform } from './platform.js';

/**
 * What a connector reports about its link to the platform:
 * - `connecting`: trying to connect (first time or after a loss);
 * - `live`: connected and the stream is on air;
 * - `offline`: the channel is not live (or the stream ended); the supervisor retries later;
 * - `error`: the last attempt failed; the supervisor retries with backoff;
 * - `stopped`: not supervised (never connected, or disconnected on request).
 */
export const CONNECTOR_STATES = ['connecting', 'live', 'offline', 'error', 'stopped'] as const;
export type ConnectorState = (typeof CONNECTOR_STATES)[number];

/**
 * A stream's connector as the API and the live push show it: times as ISO-8601. Its own module
 * (nothing but core types) so the web app can share it without the ingest code.
 */
export interface ConnectorStatusView {
  stream: string;
  platform: Platform;
  state: ConnectorState;
  /** When the state last changed. */
  since: string;
  /** Failed attempts in a row (0 once connected). */
  failures: number;
  last_error: { message: string; at: string } | null;
  /** When the next attempt is due, while waiting to reconnect. */
  next_attempt_at: string | null;
}
