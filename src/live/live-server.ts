import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import type { GoalProgressService } from '../analytics/goals/goal-progress.service.js';
import type { LiveEvent } from '../core/live-event.js';
import type { ConnectorStatus } from '../ingest/connector-status.js';
import { viewConnectorStatus } from '../ingest/connector-status.js';
import type { ObsLinks } from '../ingest/obs/obs-links.js';
import type { ProfileParts } from '../profiles/profile-parts.js';
import { GoalWatch } from './goal-watch.js';
import type { LiveServer } from './hub.js';
import type { LiveFanout } from './live-fanout.js';
import type { LivePeers } from './live-peers.js';
import type { LiveState } from './live-state.js';
import type { SocketAuthorizer } from './socket-access.js';
import { attachSocketGateway, type HandshakeCheck } from './socket-gateway.js';
import { SpikeWatch } from './spike-watch.js';
import { TriggerWebhooks } from './trigger-webhooks.js';
import type { WebhookSenderStats } from './webhook-sender.js';

export interface LiveServerDeps {
  live: LiveState;
  fanout: LiveFanout;
  parts: Pick<ProfileParts, 'profiles' | 'triggerSettings' | 'events'>;
  goalProgress: GoalProgressService;
  /** Stores the triggers and goal events the watches raise (through the pipeline). */
  submit: (profile: string, events: LiveEvent[]) => Promise<unknown>;
  /** Subscribes to the connectors' state changes on this instance. */
  onConnectorStatus: (listener: (profile: string, status: ConnectorStatus) => void) => void;
  /** The profiles' OBS links: their health samples and status changes are pushed. */
  obsLinks: Pick<ObsLinks, 'sampled' | 'statusChanged'>;
  logger: Logger;
}

export interface LiveServerOptions {
  /** The profile of a client that names none. */
  defaultProfile: string;
  /** At most one stats push per profile per this many ms. */
  windowMs: number;
  /** Activity items per push before sampling. */
  activityLimit: number;
  /** The other instances sharing the profiles (chosen once at start). */
  peers: LivePeers;
  /** Trigger webhooks: the hosts exempt from the check of their addresses (see `parseAllowedHosts`). */
  webhooks: { allowedHosts: readonly string[] };
  /** Turns down handshakes from pages of other sites. */
  checkHandshake: HandshakeCheck;
  /** Lets a client in to a profile by its login cookie or token, or refuses it. */
  authorize: SocketAuthorizer;
  /** Told of every push that reached sockets: ms since the change that started it (metrics). */
  onPushed?: (ms: number) => void;
}

/** The live push as its owner holds it: the server, what it serves now, and its stop. */
export interface LiveServerHandle {
  io: LiveServer;
  /** This instance's live clients per profile. */
  clientsByProfile(): Map<string, number>;
  /** The trigger webhooks' deliveries so far. */
  webhookStats(): WebhookSenderStats;
  close(): Promise<void>;
}

/**
 * The live push on the API's HTTP server and what follows every live change: the hub's pushes,
 * the trigger webhooks, the spike and goal watches, each a consumer of the fan-out (ADR 0011).
 */
export function attachLiveServer(
  server: HttpServer,
  deps: LiveServerDeps,
  options: LiveServerOptions,
): LiveServerHandle {
  const { live, fanout, parts, logger } = deps;
  const gateway = attachSocketGateway(server, { live, profiles: parts.profiles, logger }, options);
  const { hub } = gateway;
  const triggerLog = logger.child({ module: 'live.triggers' });
  const settings = (p: string) => parts.triggerSettings.read(p);
  const spikes = new SpikeWatch({ submit: deps.submit, settings, log: triggerLog });
  const webhooks = new TriggerWebhooks(settings, logger, { allowedHosts: options.webhooks.allowedHosts });
  const goalWatch = new GoalWatch({
    progress: (p) => deps.goalProgress.read(p),
    publish: (p, goals) => hub.publishGoals(p, goals),
    submit: deps.submit,
    defaultStream: async (p) => (await parts.profiles.listStreams(p))[0]?.id ?? null,
    windowMs: options.windowMs,
    now: Date.now,
    log: logger.child({ module: 'live.goals' }),
  });
  fanout.add((profile) => goalWatch.changed(profile));
  fanout.add((profile, change) => hub.publishLocal(profile, change.events));
  fanout.add((profile, change) => hub.publishTriggers(profile, change.triggers));
  fanout.add((profile, change) => webhooks.deliver(profile, change.triggers));
  fanout.add((profile, change) => spikes.observe(profile, change));
  parts.events.settingsChanged.add((p) => spikes.forget(p));
  parts.events.settingsChanged.add((p) => goalWatch.forget(p));
  parts.events.goalsChanged.add((p) => goalWatch.changed(p));
  deps.onConnectorStatus((profile, status) =>
    hub.publishConnectorStatus(profile, viewConnectorStatus(status)),
  );
  deps.obsLinks.sampled.add((profile, sample) => hub.publishObsHealth(profile, sample));
  deps.obsLinks.statusChanged.add((profile, status) => hub.publishObsStatus(profile, status));
  return {
    io: gateway.io,
    clientsByProfile: () => hub.clientsByProfile(),
    webhookStats: () => webhooks.stats(),
    async close() {
      goalWatch.close();
      await gateway.close();
      await webhooks.close();
    },
  };
}
