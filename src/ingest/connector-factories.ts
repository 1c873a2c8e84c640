import type { Platform } from '../store/ports.js';
import type { ConnectorFactory } from './connector.js';

/** Where each platform's connector finds its servers and credentials. */
export interface ConnectorSettings {
  twitch: { ircUrl: string; clientId?: string; token?: string; helixUrl?: string };
}

/** The connector of each platform that has one; `custom` streams are fed by the push API. */
export function connectorFactories(_settings: ConnectorSettings): Partial<Record<Platform, ConnectorFactory>> {
  return {};
}
