import type { Logger } from 'pino';
import { Listeners } from '../core/listeners.js';
import type { ProfileParts } from '../profiles/profile-parts.js';
import type { ClipStore, EventLog, Platform, ProfileStores } from '../store/ports.js';
import { ClipPushService } from './clips/clip-push.service.js';
import type { ConnectorFactory } from './connector.js';
import type { ConnectorStatus } from './connector-status.js';
import { ConnectorService, type WantedStream } from './connector.service.js';
import { ConnectorSupervisor } from './connector-supervisor.js';
import { IngestService, type IngestOptions } from './ingest.service.js';
import type { ConnectorPlacement } from './leases/connector-placement.js';
import { LeaseCoordinator } from './leases/lease-coordinator.js';
import { Pipeline, type PipelineOptions } from './pipeline.js';
import { VoidService } from './void.service.js';

export interface IngestPartsOptions {
  pipeline: PipelineOptions;
  ingest: IngestOptions;
  /** Connector factories by platform. */
  factories: Partial<Record<Platform, ConnectorFactory>>;
  placement: ConnectorPlacement;
  /** Stream leases: how long one lasts unrenewed and the pause between rounds (ms). */
  leases: { ttlMs: number; intervalMs: number };
}

/** The write half of the event path: the pipeline, its entrances and the connectors feeding it. */
export interface IngestParts {
  pipeline: Pipeline;
  ingest: IngestService;
  voids: VoidService;
  clips: ClipPushService;
  connectors: ConnectorService;
  /** A stream's connector changed state (on this instance). */
  statusChanged: Listeners<[profile: string, status: ConnectorStatus]>;
  /** A pushed batch was refused, with the error's code (nothing of it stored). */
  batchRejected: Listeners<[profile: string, code: string]>;
}

/**
 * Builds the ingest layer over the event logs and follows the profiles: a deleted profile's
 * connectors stop and its queued events are written before its data goes; a changed stream's
 * connector restarts; a removed stream's connector stops first.
 */
export function createIngestParts(
  stores: ProfileStores<EventLog & ClipStore>,
  { profiles, events, usage }: Pick<ProfileParts, 'profiles' | 'events' | 'usage'>,
  options: IngestPartsOptions,
  logger: Logger,
): IngestParts {
  const pipeline = new Pipeline(
    (p) => stores.openProfile(p),
    options.pipeline,
    logger.child({ module: 'ingest.pipeline' }),
  );
  pipeline.onCommit((p, result) => usage.countEvents(p, result.stored));
  const batchRejected = new Listeners<[profile: string, code: string]>((err, profile) =>
    logger.error({ err, profile }, 'rejected batch listener failed'),
  );
  const ingest = new IngestService(profiles, pipeline, {
    ...options.ingest,
    admit: (p, n) => usage.admit(p, n),
    rejected: (p, code) => batchRejected.emit(p, code),
  });
  const statusChanged = new Listeners<[profile: string, status: ConnectorStatus]>((err, profile) =>
    logger.error({ err, profile }, 'connector status listener failed'),
  );
  const supervisor = new ConnectorSupervisor({
    factories: options.factories,
    submit: (p, batch) => ingest.submit(p, batch),
    onStatus: (p, status) => statusChanged.emit(p, status),
    logger,
  });
  const log = logger.child({ module: 'ingest.connectors' });
  const connectors = new ConnectorService(profiles, supervisor, log);
  connectors.useStatusBoard(options.placement.statuses);
  statusChanged.add((p, status) => connectors.statusChanged(p, status));
  connectors.useCoordinator(
    new LeaseCoordinator<WantedStream>({
      leases: options.placement.leases,
      wanted: () => connectors.wantedStreams(),
      start: ({ profile, stream }) => void supervisor.start(profile, stream),
      stop: async ({ profile, streamId }) => void (await supervisor.stop(profile, streamId)),
      log: logger.child({ module: 'ingest.leases' }),
      takePerRound: options.placement.takePerRound,
      ...options.leases,
    }),
  );
  events.dropping.add((p) => supervisor.forgetProfile(p));
  events.dropping.add((p) => pipeline.release(p));
  events.streamChanged.add((p, stream) => connectors.streamChanged(p, stream));
  events.streamDeleting.add(async (p, stream) => void (await supervisor.stop(p, stream)));
  return {
    pipeline,
    ingest,
    voids: new VoidService(profiles, pipeline),
    clips: new ClipPushService(profiles, stores, (p, n) => usage.countClips(p, n)),
    connectors,
    statusChanged,
    batchRejected,
  };
}
