import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { Listeners } from './core/listeners.js';
import type { Logger } from './logger.js';
import { LeaderboardService } from './analytics/leaderboards/leaderboard.service.js';
import { ProfileReadService } from './analytics/profile-read.service.js';
import { DriversService } from './analytics/drivers/drivers.service.js';
import { FinishedSessionAnalyzer } from './analytics/drivers/finished-session-analyzer.js';
import { GoalProgressService } from './analytics/goals/goal-progress.service.js';
import { SessionReportService } from './analytics/session-report/session-report.service.js';
import { ViewerService } from './analytics/viewers/viewer.service.js';
import { buildApp } from './http/app.js';
import { attachIngestSocket } from './http/ingest-socket.js';
import { IngestService } from './ingest/ingest.service.js';
import { VoidService } from './ingest/void.service.js';
import type { ConnectorStatus } from './ingest/connector-status.js';
import { viewConnectorStatus } from './ingest/connector-status.js';
import { ConnectorService, type WantedStream } from './ingest/connector.service.js';
import { LeaseCoordinator } from './ingest/leases/lease-coordinator.js';
import { MemoryStreamLeases } from './ingest/leases/memory-stream-leases.js';
import { RedisStreamLeases } from './ingest/leases/redis-stream-leases.js';
import { RedisStatusBoard } from './ingest/leases/connector-status-board.js';
import type { StreamLeases } from './ingest/leases/stream-leases.js';
import { RedisLiveLink } from './live/redis/redis-live-link.js';
import { ConnectorSupervisor } from './ingest/connector-supervisor.js';
import { connectorFactories } from './ingest/connector-factories.js';
import { Pipeline } from './ingest/pipeline.js';
import { SessionSweeper } from './ingest/session-sweeper.js';
import { ensureDemoProfile } from './ingest/simulator/demo-profile.js';
import { simulatorConnectorFactory } from './ingest/simulator/simulator.connector.js';
import { LiveState } from './live/live-state.js';
import type { LiveServer } from './live/hub.js';
import { attachSocketGateway } from './live/socket-gateway.js';
import { IngestKeyService } from './profiles/ingest-key.service.js';
import { ProfileService } from './profiles/profile.service.js';
import { GoalService } from './profiles/goal.service.js';
import { TriggerSettingsService } from './profiles/trigger-settings.service.js';
import { SpikeWatch } from './live/spike-watch.js';
import { TriggerWebhooks } from './live/trigger-webhooks.js';
import { GoalWatch } from './live/goal-watch.js';
import type { Platform, StoreEngine } from './store/ports.js';
import type { ConnectorFactory } from './ingest/connector.js';
import { PostgresEngine } from './store/postgres/postgres-engine.js';
import { SqliteEngine } from './store/sqlite/sqlite-engine.js';

const SWEEP_INTERVAL_MS = 15_000;
const ANALYSIS_INTERVAL_MS = 60_000;

/** Everything but the network: storage, pipeline and services. CLI commands use this alone. */
export interface Services {
  config: Config;
  logger: Logger;
  engine: StoreEngine;
  pipeline: Pipeline;
  profiles: ProfileService;
  ingest: IngestService;
  voids: VoidService;
  reads: ProfileReadService;
  leaderboards: LeaderboardService;
  sessionReports: SessionReportService;
  drivers: DriversService;
  goals: GoalService;
  goalProgress: GoalProgressService;
  /** Called when a profile's goals change. */
  onGoalsChange(listener: (profile: string) => void): void;
  viewers: ViewerService;
  live: LiveState;
  triggerSettings: TriggerSettingsService;
  /** Called when a profile's trigger settings change. */
  onSettingsChange(listener: (profile: string) => void): void;
  connectors: ConnectorService;
  ingestKeys: IngestKeyService;
  /** Called when a stream's connector changes state. */
  onConnectorStatus(listener: (profile: string, status: ConnectorStatus) => void): void;
  close(): Promise<void>;
}

export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The composition root: config -> store -> pipeline -> services. */
/** Seams for embedding and tests: connector factories that replace the platforms' own. */
export interface ServiceOptions {
  connectorFactories?: Partial<Record<Platform, ConnectorFactory>>;
}

export function createServices(config: Config, logger: Logger, options: ServiceOptions = {}): Services {
  // The engine is chosen once, here: PostgreSQL when a database URL is set, else embedded SQLite.
  const engine: StoreEngine = config.database
    ? new PostgresEngine({
        url: config.database.url,
        poolSize: config.database.poolSize,
        sessionGapMs: config.sessionGraceMs,
        log: logger.child({ module: 'store.postgres' }),
      })
    : new SqliteEngine({
        dataDir: config.dataDir,
        sync: config.sqliteSync,
        cacheMiB: config.sqliteCacheMiB,
        sessionGapMs: config.sessionGraceMs,
        log: logger.child({ module: 'store.sqlite' }),
      });
  const pipeline = new Pipeline(
    (p) => engine.openProfile(p),
    config.pipeline,
    logger.child({ module: 'ingest.pipeline' }),
  );
  // With several instances (Redis), live payloads are read from the shared database.
  const live = new LiveState(engine, Date.now, config.redis !== null);
  const settingsChanged = new Listeners<[profile: string]>();
  const log = logger.child({ module: 'live.state' });
  pipeline.onCommit((profile, result) => {
    live
      .apply(profile, result.stored)
      .catch((err: unknown) => log.warn({ err, profile }, 'live update failed'));
  });
  const statusChanged = new Listeners<[profile: string, status: ConnectorStatus]>();
  const supervisor = new ConnectorSupervisor({
    factories: { ...connectorFactories(config), ...options.connectorFactories },
    submit: (p, events) => ingest.submit(p, events),
    onStatus: (p, status) => statusChanged.emit(p, status),
    logger,
  });
  const profiles = new ProfileService(
    engine,
    {
      beforeDrop: async (p) => {
        await supervisor.forgetProfile(p);
        await pipeline.release(p);
        live.forget(p);
        // Its ingest keys went with it: sockets opened with them are closed.
        ingestKeys.profileDeleted(p);
        // Its settings went with it: whoever holds per-profile state from them lets it go.
        settingsChanged.emit(p);
      },
      onStreamChange: (p, stream) => {
        live
          .setRecording(p, stream.id, stream.recording)
          .catch((err: unknown) => log.warn({ err, p }, 'live update failed'));
        connectors
          .streamChanged(p, stream)
          .catch((err: unknown) => log.warn({ err, p }, 'connector restart failed'));
      },
      beforeStreamDelete: async (p, stream) => void (await supervisor.stop(p, stream)),
    },
    config.limits,
  );
  const ingest = new IngestService(profiles, pipeline, config.ingest);
  const ingestKeys = new IngestKeyService(profiles, engine);
  const connectors = new ConnectorService(
    profiles,
    supervisor,
    logger.child({ module: 'ingest.connectors' }),
  );
  // Each enabled stream runs on exactly one instance: the one holding its lease (with one
  // instance and no Redis, this one, always).
  const leases: StreamLeases = config.redis
    ? new RedisStreamLeases(config.redis.url, { keyPrefix: config.redis.prefix })
    : new MemoryStreamLeases();
  if (config.redis) connectors.useStatusBoard(new RedisStatusBoard(config.redis.url, config.redis.prefix));
  statusChanged.add((p, status) => connectors.statusChanged(p, status));
  connectors.useCoordinator(
    new LeaseCoordinator<WantedStream>({
      leases,
      wanted: () => connectors.wantedStreams(),
      start: ({ profile, stream }) => void supervisor.start(profile, stream),
      stop: async ({ profile, streamId }) => void (await supervisor.stop(profile, streamId)),
      log: logger.child({ module: 'ingest.leases' }),
      // Shared: take half of the free streams per round (at least 4), so instances share them out.
      ...(config.redis ? { takePerRound: (free: number) => Math.max(4, Math.ceil(free / 2)) } : {}),
      // A dead instance's streams are taken over within ttl + interval = 6.5 s.
      ttlMs: 5000,
      intervalMs: 1500,
    }),
  );
  const triggerSettings = new TriggerSettingsService(profiles, engine, (p) => settingsChanged.emit(p));
  settingsChanged.add((p) => triggerSettings.forget(p));
  const goalsChanged = new Listeners<[profile: string]>();
  const goals = new GoalService(profiles, engine, (p) => goalsChanged.emit(p));
  settingsChanged.add((p) => goals.forget(p));
  return {
    config,
    logger,
    engine,
    pipeline,
    profiles,
    live,
    triggerSettings,
    onSettingsChange: (listener) => settingsChanged.add(listener),
    onConnectorStatus: (listener) => statusChanged.add(listener),
    onGoalsChange: (listener) => goalsChanged.add(listener),
    ingest,
    voids: new VoidService(profiles, pipeline),
    connectors,
    ingestKeys,
    reads: new ProfileReadService(profiles, engine),
    leaderboards: new LeaderboardService(profiles, engine),
    sessionReports: new SessionReportService(profiles, engine),
    drivers: new DriversService(profiles, engine),
    goals,
    goalProgress: new GoalProgressService(profiles, goals, engine),
    viewers: new ViewerService(profiles, engine),
    async close() {
      await connectors.close();
      await leases.close();
      await pipeline.close();
      await live.settled();
      await engine.close();
    },
  };
}

/** The HTTP app over the services (not listening yet). */
export function createApp(services: Services, version = readVersion()): Promise<FastifyInstance> {
  return buildApp({
    profiles: services.profiles,
    ingest: services.ingest,
    voids: services.voids,
    connectors: services.connectors,
    ingestKeys: services.ingestKeys,
    reads: services.reads,
    leaderboards: services.leaderboards,
    sessionReports: services.sessionReports,
    drivers: services.drivers,
    goals: services.goals,
    goalProgress: services.goalProgress,
    viewers: services.viewers,
    live: services.live,
    triggerSettings: services.triggerSettings,
    defaultProfile: services.config.live.defaultProfile,
    isReady: () => services.engine.isReady(),
    logger: services.logger,
    bodyLimit: services.config.http.bodyLimit,
    version,
  });
}

export interface RunningServer {
  services: Services;
  app: FastifyInstance;
  /** The address the server listens on, e.g. http://127.0.0.1:5000. */
  url: string;
  /** The Socket.IO server of the live push. */
  io: LiveServer;
  close(): Promise<void>;
}

/** Starts the HTTP server and the background jobs; resolves once it listens. */
export async function startServer(
  config: Config,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<RunningServer> {
  const services = createServices(config, logger, options);
  const sweeper = new SessionSweeper({
    engine: services.engine,
    submit: (p, e) => services.pipeline.submit(p, e),
    graceMs: config.sessionGraceMs,
    now: Date.now,
    log: logger.child({ module: 'ingest.sweeper' }),
  });
  const app = await createApp(services);
  const gateway = attachSocketGateway(
    app.server,
    { live: services.live, profiles: services.profiles, logger },
    {
      defaultProfile: config.live.defaultProfile,
      windowMs: config.live.windowMs,
      activityLimit: 50,
      shared: config.redis !== null,
    },
  );
  const liveLink = config.redis
    ? RedisLiveLink.attach(gateway.io, { url: config.redis.url, keyPrefix: config.redis.prefix, logger })
    : null;
  const triggerLog = logger.child({ module: 'live.triggers' });
  const spikes = new SpikeWatch({
    submit: (p, events) => services.pipeline.submit(p, events),
    settings: (p) => services.triggerSettings.read(p),
    log: triggerLog,
  });
  services.onSettingsChange((profile) => spikes.forget(profile));
  const webhooks = new TriggerWebhooks((p) => services.triggerSettings.read(p), logger);
  const goalWatch = new GoalWatch({
    progress: (p) => services.goalProgress.read(p),
    publish: (p, goals) => gateway.hub.publishGoals(p, goals),
    submit: (p, events) => services.pipeline.submit(p, events),
    defaultStream: async (p) => (await services.profiles.listStreams(p))[0]?.id ?? null,
    windowMs: config.live.windowMs,
    now: Date.now,
    log: logger.child({ module: 'live.goals' }),
  });
  services.onGoalsChange((profile) => goalWatch.changed(profile));
  services.onSettingsChange((profile) => goalWatch.forget(profile));
  const analyzer = new FinishedSessionAnalyzer(
    services.engine,
    services.drivers,
    logger.child({ module: 'analytics.drivers' }),
  );
  services.live.onChange((profile, change) => {
    goalWatch.changed(profile);
    gateway.hub.publishLocal(profile, change.events);
    gateway.hub.publishTriggers(profile, change.triggers);
    webhooks.deliver(profile, change.triggers);
    spikes
      .observe(profile, change)
      .catch((err: unknown) => triggerLog.warn({ err, profile }, 'spike watch failed'));
  });
  const ingestSocket = attachIngestSocket(app.server, {
    ingest: services.ingest,
    keys: services.ingestKeys,
    logger,
    maxPayload: config.http.bodyLimit,
  });
  services.onConnectorStatus((profile, status) =>
    gateway.hub.publishConnectorStatus(profile, viewConnectorStatus(status)),
  );
  if (config.demo.enabled) await startDemo(services);
  const url = await app.listen({ host: config.http.host, port: config.http.port });
  sweeper.start(SWEEP_INTERVAL_MS);
  analyzer.start(ANALYSIS_INTERVAL_MS);
  const connected = await services.connectors.startCoordination();
  logger.info(
    { url, dataDir: config.dataDir, demo: config.demo.enabled, connected },
    'streampulse listening',
  );
  return {
    services,
    app,
    url,
    io: gateway.io,
    async close() {
      sweeper.stop();
      analyzer.stop();
      goalWatch.close();
      await services.connectors.close();
      await ingestSocket.close();
      await gateway.close();
      await liveLink?.close();
      await webhooks.close();
      await app.close();
      await services.close();
    },
  };
}

/** The demo profile's streams, each fed by a simulated channel through the connector supervisor. */
async function startDemo(services: Services): Promise<void> {
  const profile = services.config.demo.profile;
  for (const stream of await ensureDemoProfile(services.profiles, profile)) {
    await services.connectors.run(profile, stream, simulatorConnectorFactory({ seed: 1 }));
  }
}
