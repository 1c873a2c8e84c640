import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PushedEvent, ServerToClientEvents } from './live-events.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const RETRY_AFTER_SERVER_CLOSE_MS = 1000;

/**
 * The `error` codes with which the server turns a client away for what it sent: a token unknown,
 * revoked or replaced, no login, a profile gone or not theirs, events the token does not cover.
 * Sending the same again cannot help.
 */
const ACCESS_REFUSALS: ReadonlySet<string> = new Set([
  'TOKEN_INVALID',
  'LOGIN_REQUIRED',
  'PROFILE_NOT_FOUND',
  'PROFILE_INVALID',
  'EVENTS_NOT_ALLOWED',
  'EVENTS_INVALID',
  'ROLE_TOO_LOW',
  'KEY_SCOPE_MISSING',
]);

/** Whether a live `error` code says the client is not let in with what it sent (see ACCESS_REFUSALS). */
export function isAccessRefusal(code: string): boolean {
  return ACCESS_REFUSALS.has(code);
}

/**
 * A Socket.IO connection to one profile's live room that follows the server across restarts; on
 * every (re)connect the server sends the latest `stats` and `stats_update` (those of them chosen).
 * `events` names the pushed events wanted (all when left out): an overlay asks for what it shows.
 * Turned away for its credentials (see `isAccessRefusal`), it does not try again.
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
  let isRefused = false;
  socket.on('error', ({ code }) => {
    if (isAccessRefusal(code)) isRefused = true;
  });
  // A server shutting down cleanly disconnects its clients, and Socket.IO does not retry after
  // that by itself (https://socket.io/docs/v4/client-socket-instance/#disconnect); a restart
  // is the usual reason, so try again, unless the server said why it let the client go.
  socket.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect' || isRefused) return;
    setTimeout(() => {
      if (!socket.active) socket.connect();
    }, RETRY_AFTER_SERVER_CLOSE_MS);
  });
  return socket;
}
