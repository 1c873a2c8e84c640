import type { Platform } from '../store/ports.js';
import type { ConnectorFactory } from './connector.js';
import { createTikTokLiveClientFactory } from './tiktok/tiktok-live-client.js';
import { createTikTokConnectorFactory } from './tiktok/tiktok.connector.js';
import { createTwitchConnectorFactory } from './twitch/twitch.connector.js';
import { youtubeConnectorFactory } from './youtube/youtube.connector.js';

/** Where each platform's connector finds its servers and credentials. */
export interface ConnectorSettings {
  twitch: { ircUrl: string; clientId?: string; token?: string; helixUrl?: string };
  tiktok: { signApiKey?: string };
}

/** The connector of each platform that has one; `custom` streams are fed by the push API. */
export function connectorFactories(settings: ConnectorSettings): Partial<Record<Platform, ConnectorFactory>> {
  return {
    tiktok: createTikTokConnectorFactory({ createClient: createTikTokLiveClientFactory(settings.tiktok) }),
    twitch: createTwitchConnectorFactory(settings.twitch),
    youtube: youtubeConnectorFactory,
  };
}
