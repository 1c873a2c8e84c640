import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppDeps } from './app-deps.js';
import { installBodyParsers } from './body-parsers.js';
import { answerFrameworkError, installErrorHandler } from './error-handler.js';
import { documentCommonErrors } from './error-responses.js';
import { installLoadShedding } from './load-shedding.js';
import { documentAccess, SECURITY_SCHEMES } from './openapi-security.js';
import { transformDocument, transformRoute } from './openapi-transforms.js';
import { installAuditTrail } from './audit/audit-trail.js';
import { installAccessControl, rememberRouteTable } from './auth/access-control.js';
import { installRequestMeter } from './usage/request-meter.js';
import { installRequestDurations } from './metrics/request-durations.js';
import { installRateLimit } from './auth/rate-limit-store.js';
import { auditRoutes } from './routes/audit.routes.js';
import { installBrowserProtections } from './security/browser-protections.js';
import { trustProxyOption } from './security/trust-proxy.js';
import { authRoutes } from './routes/auth.routes.js';
import { usageRoutes } from './routes/usage.routes.js';
import { usersRoutes } from './routes/users.routes.js';
import { membersRoutes } from './routes/members.routes.js';
import { setupRoutes } from './routes/setup.routes.js';
import { connectorsRoutes } from './routes/connectors.routes.js';
import { driversRoutes } from './routes/drivers.routes.js';
import { exportRoutes } from './routes/export.routes.js';
import { retentionRoutes } from './routes/retention.routes.js';
import { eventsRoutes } from './routes/events.routes.js';
import { voidRoutes } from './routes/void.routes.js';
import { goalsRoutes } from './routes/goals.routes.js';
import { apiKeysRoutes } from './routes/api-keys.routes.js';
import { overlayTokensRoutes } from './routes/overlay-tokens.routes.js';
import { ingestKeysRoutes } from './routes/ingest-keys.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { liveStatsRoutes } from './routes/live-stats.routes.js';
import { metricsRoutes } from './routes/metrics.routes.js';
import { leaderboardsRoutes } from './routes/leaderboards.routes.js';
import { peakTimesRoutes } from './routes/peak-times.routes.js';
import { clipAnalyticsRoutes } from './routes/clip-analytics.routes.js';
import { clipsRoutes } from './routes/clips.routes.js';
import { clipSourcesRoutes } from './routes/clip-sources.routes.js';
import { obsRoutes } from './routes/obs.routes.js';
import { clipTriggersRoutes } from './routes/clip-triggers.routes.js';
import { timeZoneRoutes } from './routes/time-zone.routes.js';
import { viewersRoutes } from './routes/viewers.routes.js';
import { defaultWebRoot, webRoutes } from './routes/web.routes.js';
import { triggerSettingsRoutes } from './routes/trigger-settings.routes.js';
import { profilesRoutes } from './routes/profiles.routes.js';
import { serverInfoRoutes } from './routes/server-info.routes.js';
import { sessionReportRoutes } from './routes/session-report.routes.js';
import { sessionsRoutes } from './routes/sessions.routes.js';
import { statsRoutes } from './routes/stats.routes.js';
import { streamsRoutes } from './routes/streams.routes.js';
import { systemRoutes } from './routes/system.routes.js';

/** Builds the Fastify app with every route, the error mapping and the OpenAPI document at /docs. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = deps.logger.child({ module: 'http' });
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: deps.bodyLimit,
    trustProxy: trustProxyOption(deps.trustProxy),
    // Long ids reach the validator (400 naming the field) instead of the router's bare 414.
    routerOptions: { maxParamLength: 1000 },
    logController: new LogController({ disableRequestLogging: true }),
    frameworkErrors: answerFrameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installBodyParsers(app);
  // First of the hooks: an overloaded server refuses a request before spending anything on it.
  await installLoadShedding(app, deps);
  await installBrowserProtections(app, deps.site);
  await app.register(cookie);
  await installRateLimit(app, deps.rateLimitRedis);
  installErrorHandler(app);
  documentCommonErrors(app);
  documentAccess(app);
  rememberRouteTable(app, installAccessControl(app, deps));
  installAuditTrail(app, deps);
  installRequestMeter(app, deps.usage);
  installRequestDurations(app, deps.metrics.http);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'StreamPulse API',
        version: deps.version,
        description: 'Live-stream analytics: profiles, streams, events, live stats and sessions.',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: transformRoute,
    transformObject: transformDocument,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes(deps));
  await app.register(metricsRoutes(deps));
  await app.register(serverInfoRoutes(deps), { prefix: '/api' });
  await app.register(authRoutes(deps), { prefix: '/api' });
  await app.register(setupRoutes(deps), { prefix: '/api' });
  await app.register(auditRoutes(deps), { prefix: '/api' });
  await app.register(usageRoutes(deps), { prefix: '/api' });
  await app.register(systemRoutes(deps), { prefix: '/api' });
  await app.register(profilesRoutes(deps), { prefix: '/api' });
  await app.register(usersRoutes(deps), { prefix: '/api' });
  await app.register(membersRoutes(deps), { prefix: '/api' });
  await app.register(streamsRoutes(deps), { prefix: '/api' });
  await app.register(eventsRoutes(deps), { prefix: '/api' });
  await app.register(voidRoutes(deps), { prefix: '/api' });
  await app.register(statsRoutes(deps), { prefix: '/api' });
  await app.register(sessionsRoutes(deps), { prefix: '/api' });
  await app.register(sessionReportRoutes(deps), { prefix: '/api' });
  await app.register(driversRoutes(deps), { prefix: '/api' });
  await app.register(exportRoutes(deps), { prefix: '/api' });
  await app.register(retentionRoutes(deps), { prefix: '/api' });
  await app.register(goalsRoutes(deps), { prefix: '/api' });
  await app.register(liveStatsRoutes(deps), { prefix: '/api' });
  await app.register(triggerSettingsRoutes(deps), { prefix: '/api' });
  await app.register(connectorsRoutes(deps), { prefix: '/api' });
  await app.register(apiKeysRoutes(deps), { prefix: '/api' });
  await app.register(ingestKeysRoutes(deps), { prefix: '/api' });
  await app.register(overlayTokensRoutes(deps), { prefix: '/api' });
  await app.register(timeZoneRoutes(deps), { prefix: '/api' });
  await app.register(leaderboardsRoutes(deps), { prefix: '/api' });
  await app.register(peakTimesRoutes(deps), { prefix: '/api' });
  await app.register(clipsRoutes(deps), { prefix: '/api' });
  await app.register(clipAnalyticsRoutes(deps));
  await app.register(clipSourcesRoutes(deps), { prefix: '/api' });
  await app.register(obsRoutes(deps), { prefix: '/api' });
  await app.register(clipTriggersRoutes(deps), { prefix: '/api' });
  await app.register(viewersRoutes(deps), { prefix: '/api' });
  // Last: the dashboard and overlays, with their page fallbacks.
  await app.register(webRoutes({ webRoot: defaultWebRoot() }));
  return app;
}
