import type { Logger } from 'pino';
import type { LiveEvent } from '../core/live-event.js';
import type { StreamInfo } from '../store/ports.js';

/** The stream a connector serves, as the supervisor hands it over. */
export interface ConnectorTarget {
  profile: string;
  stream: StreamInfo;
}

/**
 * Callbacks a connector reports through while it runs. They never throw into the connector.
 * Events are already normalised (`stream` set to the target stream's id) and in platform order.
 */
export interface ConnectorHandlers {
  /** Events heard from the platform. The supervisor batches and submits them. */
  events(events: readonly LiveEvent[]): void;
  /**
   * The link is lost or the stream went off air. `offline: true` when the platform said the
   * stream ended (no error); otherwise `error` says what broke. The supervisor reconnects with
   * backoff in both cases, unless `finished: true` says the source has nothing more to give (a
   * recording played to its end). After this call the connector must not report anything else.
   */
  closed(outcome: { offline: boolean; error?: Error; finished?: boolean }): void;
}

/**
 * One connection to one platform channel. `connect` resolves once the link is up (status
 * `live`), and rejects with an error saying why when it cannot be made (channel offline,
 * network, bad credentials): with `OfflineError` when the channel simply is not live.
 * `disconnect` ends the link; it resolves once nothing more will be reported, and never throws.
 * A connector is used for one connect/disconnect cycle; the supervisor creates a new one to
 * reconnect.
 */
export interface Connector {
  connect(handlers: ConnectorHandlers): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConnectorContext {
  logger: Logger;
  now: () => number;
}

/** Builds the connector for one stream of one platform. */
export type ConnectorFactory = (target: ConnectorTarget, context: ConnectorContext) => Connector;

/** Thrown by `connect` when the channel is not live: not a failure, retried at the slow pace. */
export class OfflineError extends Error {
  override name = 'OfflineError';
}
