import type { Logger } from 'pino';
import type { IngestParts } from '../ingest/ingest-parts.js';
import type { ProfileEvents } from '../profiles/profile-events.js';
import type { StoreEngine } from '../store/ports.js';
import { Metrics } from './metrics.js';

/**
 * The server's metrics, following the write path and the connectors through their hooks (each
 * batch written or refused, each connector's change of state) and forgetting deleted profiles.
 * The live push and the clip polls are followed by whoever starts them.
 */
export function createServerMetrics(
  engine: Pick<StoreEngine, 'storageUsage' | 'poolUse'>,
  ingest: Pick<IngestParts, 'pipeline' | 'batchRejected' | 'statusChanged'>,
  events: Pick<ProfileEvents, 'removed'>,
  logger: Logger,
): Metrics {
  const metrics = new Metrics({ engine, queue: ingest.pipeline, logger });
  ingest.pipeline.onBatch((profile, write) => metrics.ingest.batchWritten(profile, write));
  ingest.batchRejected.add((_profile, code) => metrics.ingest.batchRejected(code));
  ingest.statusChanged.add((profile, status) => metrics.connectors.statusChanged(profile, status));
  events.removed.add((profile) => metrics.forgetProfile(profile));
  return metrics;
}
