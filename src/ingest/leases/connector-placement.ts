import type { ConnectorStatusBoard } from './connector-status-board.js';
import type { StreamLeases } from './stream-leases.js';

/**
 * Where enabled streams run, chosen once at start: with one instance every lease is held here;
 * with several (Redis) the instances share the leases out and publish their connectors' statuses
 * for the others to answer.
 */
export interface ConnectorPlacement {
  leases: StreamLeases;
  statuses: ConnectorStatusBoard;
  /** How many free leases a round takes (see LeaseCoordinatorOptions.takePerRound); all when absent. */
  takePerRound?: (free: number) => number;
}
