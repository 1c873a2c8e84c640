import type { Logger } from 'pino';
import type { AccessService } from '../accounts/access.service.js';
import type { AccountService, SessionLimits } from '../accounts/account.service.js';
import type { AuditService } from '../accounts/audit.service.js';
import type { UsageService } from '../profiles/usage.service.js';
import type { FirstRunService } from '../accounts/first-run.service.js';
import type { MembershipService } from '../accounts/membership.service.js';
import type { ProfileCreationService } from '../accounts/profile-creation.service.js';
import type { UserAdminService } from '../accounts/user-admin.service.js';
import type { DriversService } from '../analytics/drivers/drivers.service.js';
import type { ExportService } from '../export/export.service.js';
import type { RetentionService } from '../export/retention/retention.service.js';
import type { GoalProgressService } from '../analytics/goals/goal-progress.service.js';
import type { LeaderboardService } from '../analytics/leaderboards/leaderboard.service.js';
import type { ProfileReadService } from '../analytics/profile-read.service.js';
import type { SessionReportService } from '../analytics/session-report/session-report.service.js';
import type { ViewerService } from '../analytics/viewers/viewer.service.js';
import type { ClipTriggersService } from '../analytics/clip-moments/clip-triggers.service.js';
import type { ClipAnalyticsService } from '../analytics/clips/clip-analytics.service.js';
import type { PeakTimesService } from '../analytics/peak-times/peak-times.service.js';
import type { ObsHistoryService } from '../analytics/obs/obs-history.service.js';
import type { ConnectorService } from '../ingest/connector.service.js';
import type { IngestService } from '../ingest/ingest.service.js';
import type { VoidService } from '../ingest/void.service.js';
import type { ClipPushService } from '../ingest/clips/clip-push.service.js';
import type { ClipSourceStatuses } from '../ingest/clips/clip-source-statuses.js';
import type { DiscordClipSources } from '../ingest/discord/discord-clip-sources.js';
import type { ObsLinks } from '../ingest/obs/obs-links.js';
import type { LiveState } from '../live/live-state.js';
import type { SystemResourcesService } from '../ops/system-resources.service.js';
import type { Metrics } from '../ops/metrics.js';
import type { GoalService } from '../profiles/goal.service.js';
import type { ApiKeyService } from '../profiles/api-key.service.js';
import type { OverlayTokenService } from '../profiles/overlay-token.service.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type { TriggerSettingsService } from '../profiles/trigger-settings.service.js';
import type { PublicOriginSettings } from './security/public-origins.js';
import type { TrustProxySetting } from './security/trust-proxy.js';

/** What the HTTP layer needs; main.ts builds it. */
export interface AppDeps {
  profiles: ProfileService;
  ingest: IngestService;
  voids: VoidService;
  clips: ClipPushService;
  /** Each profile's Discord clip bot and its settings. */
  discordClips: DiscordClipSources;
  /** Whatever runs clip sources (the Discord bots, the Twitch clip polls): the API lists their statuses. */
  clipSourceStatuses: readonly ClipSourceStatuses[];
  /** Each profile's link to OBS Studio and its settings. */
  obsLinks: ObsLinks;
  /** What OBS did, read back: stream health by minute, the files it wrote. */
  obsHistory: ObsHistoryService;
  connectors: ConnectorService;
  apiKeys: ApiKeyService;
  overlayTokens: OverlayTokenService;
  reads: ProfileReadService;
  leaderboards: LeaderboardService;
  sessionReports: SessionReportService;
  drivers: DriversService;
  exports: ExportService;
  /** Each profile's retention of raw events: settings, runs, archives. */
  retention: RetentionService;
  goals: GoalService;
  goalProgress: GoalProgressService;
  viewers: ViewerService;
  peakTimes: PeakTimesService;
  clipAnalytics: ClipAnalyticsService;
  clipTriggers: ClipTriggersService;
  live: LiveState;
  triggerSettings: TriggerSettingsService;
  accounts: AccountService;
  access: AccessService;
  firstRun: FirstRunService;
  audit: AuditService;
  usage: UsageService;
  /** The server's metrics: served at /metrics, and fed the HTTP request durations. */
  metrics: Metrics;
  users: UserAdminService;
  members: MembershipService;
  profileCreation: ProfileCreationService;
  /** How long logins last (the cookie's lifetime). */
  sessionLimits: SessionLimits;
  /** Redis to count login attempts in when several instances share it; in memory otherwise. */
  rateLimitRedis: { url: string; prefix: string } | null;
  /** Where browsers reach the server: what the host and origin checks accept. */
  site: PublicOriginSettings;
  /** Which proxies' X-Forwarded-* headers to believe, as Fastify's `trustProxy` takes it. */
  trustProxy: TrustProxySetting;
  /** The profile of a live read that names none. */
  defaultProfile: string;
  isReady: () => Promise<boolean>;
  logger: Logger;
  bodyLimit: number;
  /** The System page's figures; told of every request load shedding refuses. */
  resources: SystemResourcesService;
  /** Load shedding: the event loop's mean delay (ms) and the heap's share of its limit (%) past which requests are refused; 0: off. */
  shedding: { eventLoopDelayMs: number; heapPercent: number };
  version: string;
}
