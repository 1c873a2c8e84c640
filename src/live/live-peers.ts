import type { StoredEvent } from '../core/live-event.js';
import type { LiveServer } from './hub.js';

/** This instance's end of the link to the other instances. */
export interface PeerLink {
  /** A local commit changed `profile`: tell the other instances (best effort, never throws). */
  announce(profile: string, events: readonly StoredEvent[]): void;
  close(): Promise<void>;
}

/**
 * How live changes reach the clients of other instances, chosen once at start: `noPeers` for a
 * single instance, `RedisPeers` when several share the profiles. Each instance pushes to its own
 * clients (keeping its own coalescing and slow-client handling).
 */
export interface LivePeers {
  /**
   * Joins the Socket.IO server (before clients connect); `onPeerChange` gets the other instances'
   * changes, to push to this instance's clients.
   */
  attach(io: LiveServer, onPeerChange: (profile: string, events: readonly StoredEvent[]) => void): PeerLink;
}

/** A single instance: nobody to tell. */
export const noPeers: LivePeers = {
  attach: () => ({ announce: () => undefined, close: () => Promise.resolve() }),
};
