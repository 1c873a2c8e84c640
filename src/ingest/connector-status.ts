import type { ConnectorState, ConnectorStatusView } from '../core/connector-status.js';
import type { Platform } from '../core/platform.js';


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

export function viewConnectorStatus(s: ConnectorStatus): ConnectorStatusView {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...s,
    since: iso(s.since),
    last_error: s.last_error && { message: s.last_error.message, at: iso(s.last_error.at) },
    next_attempt_at: s.next_attempt_at === null ? null : iso(s.next_attempt_at),
  };
}
