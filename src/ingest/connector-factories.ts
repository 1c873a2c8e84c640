import type { Platform } from '../store/ports.js';
import type { ConnectorFactory } from './connector.js';
import { lazyConnectorFactory } from './lazy-connector.js';

/** Where each platform's connector finds its servers and credentials. */
export interface ConnectorSettings {
  twitch: { ircUrl: string; clientId?: string; token?: string; helixUrl?: string };
  tiktok: { signApiKey?: string };
}

/**
 * The connector of each platform that has one; `custom` streams are fed by the push API. Each
 * platform's library is loaded when a stream of it first connects.
 */
export function connectorFactories(settings: ConnectorSettings): Partial<Record<Platform, ConnectorFactory>> {
  return {
    tiktok: lazyConnectorFactory(async () => {
      const [{ createTikTokConnectorFactory }, { createTikTokLiveClientFactory }] = await Promise.all([
        import('./tiktok/tiktok.connector.js'),
        import('./tiktok/tiktok-live-client.js'),
      ]);
      return createTikTokConnectorFactory({ createClient: createTikTokLiveClientFactory(settings.tiktok) });
    }),
    twitch: lazyConnectorFactory(async () =>
      (await import('./twitch/twitch.connector.js')).createTwitchConnectorFactory(settings.twitch),
    ),
    youtube: lazyConnectorFactory(
      async () => (await import('./youtube/youtube.connector.js')).youtubeConnectorFactory,
    ),
  };
}
