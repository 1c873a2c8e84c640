import type { Logger } from 'pino';
import type { StoreEngine } from '../store/ports.js';
import { GoalService } from './goal.service.js';
import { ApiKeyService } from './api-key.service.js';
import { OverlayTokenService } from './overlay-token.service.js';
import { ProfileEvents } from './profile-events.js';
import { ProfileService, type ProfileLimits } from './profile.service.js';
import { TriggerSettingsService } from './trigger-settings.service.js';
import { UsageService } from './usage.service.js';

/** Profiles, their streams and settings, and the events the other layers follow. */
export interface ProfileParts {
  events: ProfileEvents;
  profiles: ProfileService;
  triggerSettings: TriggerSettingsService;
  goals: GoalService;
  apiKeys: ApiKeyService;
  overlayTokens: OverlayTokenService;
  usage: UsageService;
}

/** What the profile parts need to know of trigger webhooks. */
export interface WebhookPolicy {
  /** Hosts a webhook URL may name although they are refused by name or address. */
  allowedHosts: readonly string[];
}

export function createProfileParts(
  engine: StoreEngine,
  limits: ProfileLimits,
  logger: Logger,
  webhooks: WebhookPolicy = { allowedHosts: [] },
): ProfileParts {
  const log = logger.child({ module: 'profiles' });
  const events = new ProfileEvents(log);
  const profiles = new ProfileService(engine, events.hooks, limits);
  const triggerSettings = new TriggerSettingsService(
    profiles,
    engine,
    (p) => events.settingsChanged.emit(p),
    webhooks.allowedHosts,
  );
  const goals = new GoalService(profiles, engine, (p) => events.goalsChanged.emit(p));
  const apiKeys = new ApiKeyService(profiles, engine.keys, (err, profile) =>
    log.error({ err, profile }, 'API key listener failed'),
  );
  // A deleted profile's tokens go with it in the store: nothing to tell.
  const overlayTokens = new OverlayTokenService(profiles, engine.overlayTokens);
  events.settingsChanged.add((p) => triggerSettings.forget(p));
  events.settingsChanged.add((p) => goals.forget(p));
  // Its ingest keys went with it: sockets opened with them are closed.
  events.removed.add((p) => apiKeys.profileDeleted(p));
  const usage = new UsageService(profiles, engine);
  events.removed.add((p) => usage.forget(p));
  return { events, profiles, triggerSettings, goals, apiKeys, overlayTokens, usage };
}
