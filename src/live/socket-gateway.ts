import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { isSlug } from '../core/slug.js';
import type { ProfileService } from '../profiles/profile.service.js';
import { Hub, type LiveServer, type LiveSocket } from './hub.js';
import type { LiveState } from './live-state.js';
import {
  eventRoom,
  profileRoom,
  PUSHED_EVENTS,
  type HandshakeAuth,
  type PushedEvent,
} from './live-events.js';

export interface GatewayOptions {
  /** The profile of a client that names none in its handshake. */
  defaultProfile: string;
  windowMs: number;
  activityLimit: number;
  /** Several instances share the profiles (see HubOptions.shared). */
  shared?: boolean;
}

/**
 * Socket.IO on the API's HTTP server. A client names its profile in the handshake
 * (`io(url, { auth: { profile } })`), or gets the default profile; it joins that profile's room
 * only, gets the current state at once, and `stats_update` again whenever it emits `request_stats`.
 */
export function attachSocketGateway(
  server: HttpServer,
  deps: { live: LiveState; profiles: ProfileService; logger: Logger },
  options: GatewayOptions,
): { io: LiveServer; hub: Hub; close(): Promise<void> } {
  const log = deps.logger.child({ module: 'live.gateway' });
  // Any origin, like the original dashboard: the server listens on loopback until logins exist.
  // Other upgrade paths (the /ingest WebSocket) are answered by their own handler, not dropped.
  const io: LiveServer = new Server(server, { cors: { origin: true }, destroyUpgrade: false });
  const hub = new Hub(
    io,
    deps.live,
    { windowMs: options.windowMs, activityLimit: options.activityLimit, shared: options.shared ?? false },
    log,
  );

  io.on('connection', (socket: LiveSocket) => {
    const auth = socket.handshake.auth as HandshakeAuth;
    const profile =
      typeof auth.profile === 'string' && auth.profile !== '' ? auth.profile : options.defaultProfile;
    const events = chosenEvents(auth.events);
    if (!events) {
      socket.emit('error', {
        code: 'EVENTS_INVALID',
        message: `auth.events must list some of: ${PUSHED_EVENTS.join(', ')}`,
      });
      socket.disconnect(true);
      return;
    }
    join(socket, profile, events).catch((err: unknown) => {
      log.warn({ err, profile }, 'socket refused');
      socket.emit('error', { code: 'PROFILE_NOT_FOUND', message: `profile '${profile}' does not exist` });
      socket.disconnect(true);
    });
  });

  async function join(socket: LiveSocket, profile: string, events: readonly PushedEvent[]): Promise<void> {
    if (!isSlug(profile)) throw new Error('not a profile id');
    await deps.profiles.get(profile);
    await socket.join([profileRoom(profile), ...events.map((e) => eventRoom(profile, e))]);
    hub.watch(socket, profile);
    socket.on('request_stats', () => {
      deps.live.seedPayload(profile).then(
        (payload) => socket.emit('stats_update', payload),
        (err: unknown) => log.warn({ err, profile }, 'request_stats failed'),
      );
    });
    await hub.sendLatest(socket, profile);
  }

  return {
    io,
    hub,
    // Clients are let go; the HTTP server itself is closed by its owner.
    close: () => {
      hub.close();
      // This instance's clients only: with the Redis adapter the plain call reaches every instance.
      io.local.disconnectSockets(true);
      io.engine.close();
      return Promise.resolve();
    },
  };
}

/** The events a handshake asks for: all when it names none, null when the list is not valid. */
function chosenEvents(raw: unknown): readonly PushedEvent[] | null {
  if (raw === undefined) return PUSHED_EVENTS;
  if (!Array.isArray(raw) || raw.length === 0) return null;
  const known: readonly string[] = PUSHED_EVENTS;
  return raw.every((e) => typeof e === 'string' && known.includes(e)) ? (raw as PushedEvent[]) : null;
}
