import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { claimDataDir } from './data-dir-owner.js';
import type { Logger } from './logger.js';
import { describeStart, formatStartBanner, type StartFacts } from './start-banner.js';
import { createAccountParts, type AccountParts } from './accounts/account-parts.js';
import { createAnalyticsParts, type AnalyticsParts } from './analytics/analytics-parts.js';
import { FinishedSessionAnalyzer } from './analytics/drivers/finished-session-analyzer.js';
import { ExportService } from './export/export.service.js';
import { RetentionSchedule } from './export/retention/retention-schedule.js';
import { RetentionService } from './export/retention/retention.service.js';
import { buildApp } from './http/app.js';
import { attachIngestSocket } from './http/ingest-socket.js';
import { socketAuthorizer } from './http/auth/socket-authorizer.js';
import { handshakeCheck } from './http/security/browser-checks.js';
import { logPublicOrigins, requireAdminBeyondLoopback } from './http/security/exposure.js';
import type { ConnectorFactory } from './ingest/connector.js';
import { connectorFactories } from './ingest/connector-factories.js';
import { createIngestParts, type IngestParts } from './ingest/ingest-parts.js';
import type { ClipSourceStatuses } from './ingest/clips/clip-source-statuses.js';
import { DiscordClipSources } from './ingest/discord/discord-clip-sources.js';
import { ObsLinks } from './ingest/obs/obs-links.js';
import { ObsWebSocketLink } from './ingest/obs/obs-websocket-link.js';
import type { ObsLink, ObsLinkOptions } from './ingest/obs/obs-link.port.js';
import { ObsHistoryService } from './analytics/obs/obs-history.service.js';
import { TwitchClipSources } from './ingest/clips/twitch-clip-sources.js';
import { SessionSweeper } from './ingest/session-sweeper.js';
import { keepDemoOff, startDemo } from './ingest/simulator/demo-start.js';
import { sharedInstances, singleInstance, type InstanceMode } from './instance-mode.js';
import type { LiveServer } from './live/hub.js';
import { LiveFanout } from './live/live-fanout.js';
import { attachLiveServer } from './live/live-server.js';
import { LiveState } from './live/live-state.js';
import { MAX_RETENTION_DAYS, RETENTION_DAYS_KEY, retentionDaysOf } from './core/retention-days.js';
import { LoadPace } from './ops/load-pace.js';
import { processLoadProbe } from './ops/load-probe.js';
import { ResourceMonitor } from './ops/resource-monitor.js';
import { SystemResourcesService } from './ops/system-resources.service.js';
import type { Metrics } from './ops/metrics.js';
import { createServerMetrics } from './ops/server-metrics.js';
import { createProfileParts, type ProfileParts } from './profiles/profile-parts.js';
import type { Platform, StoreEngine } from './store/ports.js';
import { createStoreEngine } from './store/store-engine.factory.js';
// Backups are chosen like the engine, from the same config (the CLI's `backup` and `restore`).
export { createDataBackup } from './store/data-backup.factory.js';

/** How often the usage counted in memory is added to the store. */
const USAGE_FLUSH_MS = 10_000;

/** Everything but the network: storage, pipeline and services. CLI commands use this alone. */
export interface Services extends ProfileParts, IngestParts, AnalyticsParts, AccountParts {
  config: Config;
  logger: Logger;
  engine: StoreEngine;
  mode: InstanceMode;
  live: LiveState;
  /** Every committed batch, through the live state, to the live consumers. */
  fanout: LiveFanout;
  /** Each profile's Discord clip bot (started by `startServer`). */
  discordClips: DiscordClipSources;
  obsLinks: ObsLinks;
  obsHistory: ObsHistoryService;
  /** The clips of every connected Twitch stream, polled from Helix (started by `startServer`). */
  twitchClips: TwitchClipSources;
  /** Whatever runs clip sources, for their statuses. */
  clipSourceStatuses: ClipSourceStatuses[];
  /** Exports of a profile's range (xlsx, CSV, JSON, NDJSON), streamed. */
  exports: ExportService;
  /** CPU, memory, event loop and storage readings (started by `startServer`). */
  monitor: ResourceMonitor;
  /** The pace of background work by the monitor's readings: pass it to every background job. */
  pace: LoadPace;
  /** The System page's figures and recommendations. */
  resources: SystemResourcesService;
  /** The server's metrics (served at /metrics). */
  metrics: Metrics;
  /** Raw events archived, then deleted, past each profile's retention (scheduled by `startServer`). */
  retention: RetentionService;
  close(): Promise<void>;
}

/** Seams for embedding and tests: connector factories that replace the platforms' own. */
export interface ServiceOptions {
  connectorFactories?: Partial<Record<Platform, ConnectorFactory>>;
  /** The link to a profile's OBS (default: obs-websocket, `ObsWebSocketLink`). */
  createObsLink?: (options: ObsLinkOptions) => ObsLink;
  /**
   * Where plain-text notices for the person who started the server go: the start banner (default
   * stderr, so that stdout holds only log lines).
   */
  print?: (text: string) => void;
}

export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The composition root: config -> store -> profiles -> ingest -> analytics -> live state. */
export function createServices(config: Config, logger: Logger, options: ServiceOptions = {}): Services {
  const engine = createStoreEngine({ ...config, sessionGapMs: config.sessionGraceMs }, logger);
  const mode = config.redis
    ? sharedInstances(config.redis, (p) => engine.system.listStreams(p), logger)
    : singleInstance();
  const profileParts = createProfileParts(engine, config.limits, logger, config.webhooks);
  const ingestParts = createIngestParts(
    engine,
    profileParts,
    {
      pipeline: config.pipeline,
      ingest: config.ingest,
      factories: { ...connectorFactories(config), ...options.connectorFactories },
      placement: mode.placement,
      leases: config.leases,
    },
    logger,
  );
  const metrics = createServerMetrics(engine, ingestParts, profileParts.events, logger);
  const monitor = new ResourceMonitor({
    probe: processLoadProbe(),
    measureStorage: () => engine.storageUsage(),
    // Raw events kept for good count as the longest retention there is.
    retentionDays: async (p) =>
      retentionDaysOf((await engine.system.getSettings(p))[RETENTION_DAYS_KEY]) ?? MAX_RETENTION_DAYS,
    intervalMs: config.monitor.intervalMs,
    now: Date.now,
    log: logger.child({ module: 'ops.resources' }),
  });
  const pace = new LoadPace(monitor);
  const live = new LiveState(engine, Date.now, mode.liveSource);
  const fanout = new LiveFanout(live, logger.child({ module: 'live.state' }));
  fanout.follow(ingestParts.pipeline);
  profileParts.events.streamChanged.add((p, stream) => fanout.streamChanged(p, stream));
  profileParts.events.removed.add((p) => live.forget(p));
  const discordClips = new DiscordClipSources({
    profiles: profileParts.profiles,
    system: engine.system,
    stores: engine,
    apiUrl: config.discord.apiUrl,
    logger,
  });
  profileParts.events.dropping.add((p) => discordClips.forgetProfile(p));
  const obsLinks = new ObsLinks({
    profiles: profileParts.profiles,
    system: engine.system,
    stores: engine,
    submit: (p, events) => ingestParts.pipeline.submit(p, events),
    createLink:
      options.createObsLink ??
      ((link) => new ObsWebSocketLink({ ...link, log: logger.child({ module: 'ingest.obs' }) })),
    logger,
  });
  profileParts.events.dropping.add((p) => obsLinks.forgetProfile(p));
  // A spike stored: the profile's OBS saves its replay buffer when asked to.
  fanout.add((p, change) => obsLinks.triggered(p, change.events));
  const twitchClips = new TwitchClipSources({
    engine,
    connectedStreams: () => ingestParts.connectors.connectedHere(),
    twitch: config.twitch,
    pollMs: config.twitch.clipPollMs,
    backfillMs: config.twitch.clipBackfillMs,
    collected: (p, n) => profileParts.usage.countClips(p, n),
    pace,
    polled: (_p, isOk) => metrics.connectors.clipPolled(isOk),
    logger,
  });
  // A connector started or stopped: its stream's clips are polled, or no longer.
  ingestParts.statusChanged.add(() => twitchClips.reconcile());
  profileParts.events.dropping.add((p) => twitchClips.forgetProfile(p));
  profileParts.events.streamDeleting.add((p, stream) => twitchClips.forgetStream(p, stream));
  const analyticsParts = createAnalyticsParts(engine, profileParts);
  return {
    config,
    logger,
    engine,
    mode,
    live,
    fanout,
    discordClips,
    obsLinks,
    obsHistory: new ObsHistoryService({ profiles: profileParts.profiles, stores: engine }),
    twitchClips,
    clipSourceStatuses: [discordClips, twitchClips],
    monitor,
    pace,
    resources: new SystemResourcesService(monitor, pace, {
      diskHorizonDays: config.monitor.diskWarnDays,
      now: Date.now,
    }),
    metrics,
    ...profileParts,
    ...ingestParts,
    ...analyticsParts,
    retention: new RetentionService({
      stores: engine,
      system: engine.system,
      archiveDir: config.retention.archiveDir,
      pace,
      now: Date.now,
      log: logger.child({ module: 'export.retention' }),
    }),
    exports: new ExportService({
      profiles: profileParts.profiles,
      engine,
      drivers: analyticsParts.drivers,
      logger,
    }),
    ...createAccountParts(engine, config.sessions, profileParts, {
      profiles: profileParts.profiles,
      profilesPerUser: config.limits.profilesPerUser,
    }),
    async close() {
      await twitchClips.close();
      await ingestParts.connectors.close();
      await discordClips.close();
      await obsLinks.close();
      await mode.placement.leases.close();
      await ingestParts.pipeline.close();
      await live.settled();
      await profileParts.usage.flush().catch((err: unknown) => logger.warn({ err }, 'usage not recorded'));
      await monitor.close();
      await engine.close();
    },
  };
}

/** The HTTP app over the services (not listening yet). */
export function createApp(services: Services, version = readVersion()): Promise<FastifyInstance> {
  return buildApp({
    ...services,
    defaultProfile: services.config.live.defaultProfile,
    isReady: () => services.engine.isReady(),
    sessionLimits: services.config.sessions,
    rateLimitRedis: services.config.redis,
    site: services.config.http,
    trustProxy: services.config.http.trustProxy,
    bodyLimit: services.config.http.bodyLimit,
    shedding: services.config.shedding,
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

/** Starts the HTTP server, the live push and the background jobs; resolves once it listens. */
export async function startServer(
  config: Config,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<RunningServer> {
  // The embedded engine's files are this server's alone while it runs (see data-dir-owner.ts).
  const claim = config.database ? null : claimDataDir(config.dataDir, readVersion(), logger);
  const services = createServices(config, logger, options);
  await requireAdminBeyondLoopback(config.http.host, services.accounts).catch(async (err: unknown) => {
    await services.close();
    claim?.release();
    throw err;
  });
  const app = await createApp(services);
  const checkHandshake = handshakeCheck(config.http);
  const liveServer = attachLiveServer(
    app.server,
    {
      ...services,
      parts: services,
      submit: (p, events) => services.pipeline.submit(p, events),
      onConnectorStatus: (listener) => services.statusChanged.add(listener),
    },
    {
      ...config.live,
      peers: services.mode.peers,
      webhooks: config.webhooks,
      checkHandshake,
      authorize: socketAuthorizer(services.access),
      onPushed: (ms) => services.metrics.live.pushed(ms),
    },
  );
  services.metrics.live.follow(liveServer);
  const ingestSocket = attachIngestSocket(app.server, {
    ingest: services.ingest,
    keys: services.apiKeys,
    access: services.access,
    logger,
    maxPayload: config.http.bodyLimit,
    checkHandshake,
  });
  await prepareDemo(services);
  const url = await app.listen({ host: config.http.host, port: config.http.port });
  claim?.setUrl(url);
  logPublicOrigins(config.http, url, logger);
  const stopJobs = startJobs(services);
  void services.discordClips.startConfigured();
  void services.obsLinks.startConfigured();
  const connected = await services.connectors.startCoordination();
  services.twitchClips.start();
  const facts = describeStart(config, url, readVersion(), await setupLink(services, url));
  (options.print ?? ((text) => void process.stderr.write(text)))(formatStartBanner(facts));
  // The same facts for whoever reads the JSON log, but not the setup link's one-time token.
  logger.info(
    { ...facts, setup: undefined, setupNeeded: facts.setup !== null, connected },
    'streampulse listening',
  );
  return {
    services,
    app,
    url,
    io: liveServer.io,
    async close() {
      stopJobs();
      await services.twitchClips.close();
      await services.connectors.close();
      await ingestSocket.close();
      await liveServer.close();
      await app.close();
      await services.close();
      claim?.release();
    },
  };
}

/**
 * The background jobs: reading the machine's load, closing quiet sessions, analysing finished
 * ones (at the load's pace; the sweep is light and never waits). Returns their stop; the monitor
 * stops with the services.
 */
function startJobs(services: Services): () => void {
  const { config, logger } = services;
  const sweeper = new SessionSweeper({
    engine: services.engine,
    submit: (p, e) => services.pipeline.submit(p, e),
    graceMs: config.sessionGraceMs,
    now: Date.now,
    log: logger.child({ module: 'ingest.sweeper' }),
  });
  const analyzer = new FinishedSessionAnalyzer(
    services.engine,
    services.drivers,
    logger.child({ module: 'analytics.drivers' }),
    services.pace,
  );
  const retention = new RetentionSchedule(services.retention, logger.child({ module: 'export.retention' }));
  services.monitor.start();
  sweeper.start(config.jobs.sweepIntervalMs);
  if (config.retention.schedule) retention.start(config.retention.schedule);
  analyzer.start(config.jobs.analysisIntervalMs);
  const usageLog = logger.child({ module: 'profiles.usage' });
  const usage = setInterval(
    () =>
      void services.usage.flush().catch((err: unknown) => usageLog.warn({ err }, 'usage not recorded yet')),
    USAGE_FLUSH_MS,
  );
  return () => {
    sweeper.stop();
    analyzer.stop();
    retention.stop();
    clearInterval(usage);
  };
}

/** On a fresh install, the link that creates the owner account: working once, from this machine, for a while. */
async function setupLink(services: Services, url: string): Promise<StartFacts['setup']> {
  const link = await services.firstRun.begin();
  if (!link) return null;
  const { port, hostname } = new URL(url);
  const host = hostname === '[::1]' ? '[::1]' : '127.0.0.1';
  const minutes = Math.round((link.expiresAt - Date.now()) / 60_000);
  return { url: `http://${host}:${port}/setup#token=${link.token}`, minutes };
}

/** The demo profile's streams, fed by simulated channels when the demo is on, by nothing when off. */
async function prepareDemo(services: Services): Promise<void> {
  const { config } = services;
  if (!config.demo.enabled) return keepDemoOff(services, config.demo.profile);
  await startDemo(
    {
      ...services,
      submit: (p, events) => services.pipeline.submit(p, events),
      log: services.logger.child({ module: 'ingest.demo' }),
      now: Date.now,
      sessionGraceMs: config.sessionGraceMs,
      analyseSession: (p, id) => services.drivers.storeFinished(p, id),
    },
    config.demo.profile,
  );
}
