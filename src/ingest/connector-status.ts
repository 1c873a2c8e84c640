import type { Platform } from '../store/ports.js';
import type { ConnectorState } from './connector.js';

/** A stream's connector as the supervisor keeps it. Times are epoch ms. */
export interface ConnectorStatus {
  stream: string;
  platform: Platform;
  state: ConnectorState;
  /** When the state last changed. */
  since: number;
  /** Failed attempts in a row (0 once connected). */
  failures: number;
  last_error: { message: string; at: number } | null;
  /** When the next attempt is due, while waiting to reconnect. */
  next_attempt_at: number | null;
}

/** The same as the API and the live push show it: times as ISO-8601. */
export interface ConnectorStatusView {
  stream: string;
  platform: Platform;
  state: ConnectorState;
  since: string;
  failures: number;
  last_error: { message: string; at: string } | null;
  next_attempt_at: string | null;
}

export function viewConnectorStatus(s: ConnectorStatus): ConnectorStatusView {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...s,
    since: iso(s.since),
    last_error: s.last_error && { message: s.last_error.message, at: iso(s.last_error.at) },
    next_attempt_at: s.next_attempt_at === null ? null : iso(s.next_attempt_at),
  };
}
