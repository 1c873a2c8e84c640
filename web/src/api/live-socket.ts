import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PushedEvent, ServerToClientEvents } from './live-events.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const RETRY_AFTER_SERVER_CLOSE_MS = 1000;

/**
 * A Socket.IO connection to one profile's live room that follows the server across restarts; on
 * every (re)connect the server sends the latest `stats` and `stats_update` (those of them chosen).
 * `events` names the pushed events wanted (all when left out): an overlay asks for what it shows.
 */
export function connectLive(
  profile: string,
  token: string | null = null,
  events?: readonly PushedEvent[],
): LiveSocket {
  const socket: LiveSocket = io(window.location.origin, {
    auth: { profile, ...(token ? { token } : {}), ...(events ? { events } : {}) },
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
  });
  // A server shutting down cleanly disconnects its clients, and Socket.IO does not retry after
  // that by itself (https://socket.io/docs/v4/client-socket-instance/#disconnect); a restart
  // is the usual reason, so try again.
  socket.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect') return;
    setTimeout(() => {
      if (!socket.active) socket.connect();
    }, RETRY_AFTER_SERVER_CLOSE_MS);
  });
  return socket;
}
