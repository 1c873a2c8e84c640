import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { isSlug } from '../core/slug.js';
import { TokenBucket } from '../core/token-bucket.js';
import type { ProfileService } from '../profiles/profile.service.js';
import { Hub, type LiveServer, type LiveSocket } from './hub.js';
import type { LiveState } from './live-state.js';
import type { LivePeers } from './live-peers.js';
import { SocketAccessWatch, SocketRefusal, type SocketAuthorizer } from './socket-access.js';
import {
  eventRoom,
  profileRoom,
  PUSHED_EVENTS,
  type HandshakeAuth,
  type PushedEvent,
} from './live-events.js';

/**
 * The largest packet a live client may send (Socket.IO's `maxHttpBufferSize`): clients send only
 * a handshake and `request_stats`, so anything bigger closes the connection.
 */
export const MAX_CLIENT_PACKET_BYTES = 64 * 1024;

/** `request_stats` a client may send at once, then per second; the rest are dropped. */
export const REQUEST_STATS_BURST = 5;
export const REQUEST_STATS_PER_SECOND = 2;

/**
 * Why a handshake (long-polling or WebSocket) is turned down, or null to let it in: the HTTP
 * layer's browser checks (the page's `Host` and `Origin`).
 */
export type HandshakeCheck = (req: IncomingMessage) => { code: string; message: string } | null;

export interface GatewayOptions {
  /** The profile of a client that names none in its handshake. */
  defaultProfile: string;
  windowMs: number;
  activityLimit: number;
  /** The other instances sharing the profiles (default: none). */
  peers?: LivePeers;
  /** Turns down handshakes from pages of other sites. */
  checkHandshake: HandshakeCheck;
  /** Lets a client in to a profile by its login cookie or token, or refuses it. */
  authorize: SocketAuthorizer;
  /** Told of every push that reached sockets (see HubOptions.onPushed). */
  onPushed?: (ms: number) => void;
}

/**
 * Socket.IO on the API's HTTP server. A client names its profile in the handshake
 * (`io(url, { auth: { profile } })`), or gets the default profile, and is let in by `authorize`
 * (its login cookie, or `auth.token` or else an `Authorization: Bearer` header: a read key or an
 * overlay token), or told why not (`error` with the code, then disconnect); its credential is checked again every second while it stays
 * (see SocketAccessWatch). It joins that profile's room only, gets the current state at once, and `stats_update` again when it emits `request_stats`
 * (unless its grant leaves `stats_update` out)
 * (at most REQUEST_STATS_BURST at once and REQUEST_STATS_PER_SECOND after: the rest are dropped,
 * with one `error` RATE_LIMITED per run of dropped ones). A handshake `profile` that is not a
 * string is refused (`error` PROFILE_INVALID, then disconnect). Whatever else a client emits is
 * ignored, and packets over MAX_CLIENT_PACKET_BYTES close its connection. A handshake that
 * `checkHandshake` refuses (a page of another site) is answered 403, or 400 for a WebSocket, with
 * the reason; only the pages it admits get CORS answers.
 */
export function attachSocketGateway(
  server: HttpServer,
  deps: { live: LiveState; profiles: ProfileService; logger: Logger },
  options: GatewayOptions,
): { io: LiveServer; hub: Hub; close(): Promise<void> } {
  const log = deps.logger.child({ module: 'live.gateway' });
  const { checkHandshake } = options;
  // Other upgrade paths (the /ingest WebSocket) are answered by their own handler, not dropped.
  const io: LiveServer = new Server(server, {
    cors: (req, answer) => answer(null, { origin: checkHandshake(req as IncomingMessage) === null }),
    allowRequest: (req, answer) => {
      const refusal = checkHandshake(req);
      if (refusal) log.debug({ code: refusal.code }, 'handshake refused');
      answer(refusal && `${refusal.code}: ${refusal.message}`, refusal === null);
    },
    destroyUpgrade: false,
    maxHttpBufferSize: MAX_CLIENT_PACKET_BYTES,
  });
  const hub = new Hub(
    io,
    deps.live,
    { windowMs: options.windowMs, activityLimit: options.activityLimit, onPushed: options.onPushed },
    log,
    options.peers,
  );

  const access = new SocketAccessWatch(options.authorize, log);

  io.on('connection', (socket: LiveSocket) => {
    try {
      admit(socket);
    } catch (err) {
      log.warn({ err }, 'socket refused');
      refuse(socket, 'HANDSHAKE_INVALID', 'the handshake could not be read');
    }
  });

  function admit(socket: LiveSocket): void {
    const auth = (socket.handshake.auth ?? {}) as HandshakeAuth;
    if (auth.profile !== undefined && typeof auth.profile !== 'string') {
      return refuse(socket, 'PROFILE_INVALID', 'auth.profile must be a string (a profile id)');
    }
    const profile = auth.profile ? auth.profile : options.defaultProfile;
    const events = chosenEvents(auth.events);
    if (!events) {
      return refuse(socket, 'EVENTS_INVALID', `auth.events must list some of: ${PUSHED_EVENTS.join(', ')}`);
    }
    const token = auth.token ?? auth.key;
    if (token !== undefined && typeof token !== 'string') {
      return refuse(socket, 'TOKEN_INVALID', 'auth.token must be a string (an API key or an overlay token)');
    }
    const credentials = { headers: socket.handshake.headers, token: token || null };
    options.authorize(credentials, profile).then(
      (grant) => {
        const allowed = grant.events ? events.filter((e) => grant.events?.includes(e)) : events;
        if (allowed.length === 0) {
          return refuse(socket, 'EVENTS_NOT_ALLOWED', `this token may receive only: ${grant.events?.join(', ')}`);
        }
        access.add(socket, profile, grant, credentials);
        // `request_stats` answers with `stats_update`: only to those who may receive it.
        const mayRequestStats = !grant.events || grant.events.includes('stats_update');
        join(socket, profile, allowed, mayRequestStats).catch((err: unknown) => {
          log.warn({ err, profile }, 'socket refused');
          refuse(socket, 'PROFILE_NOT_FOUND', `profile '${profile}' does not exist`);
        });
      },
      (err: unknown) => {
        if (err instanceof SocketRefusal) return refuse(socket, err.code, err.message);
        log.error({ err, profile }, 'live client access could not be checked');
        refuse(socket, 'UNAVAILABLE', 'the access check failed; try again later');
      },
    );
  }

  async function join(
    socket: LiveSocket,
    profile: string,
    events: readonly PushedEvent[],
    mayRequestStats: boolean,
  ): Promise<void> {
    if (!isSlug(profile)) throw new Error('not a profile id');
    await deps.profiles.get(profile);
    await socket.join([profileRoom(profile), ...events.map((e) => eventRoom(profile, e))]);
    hub.watch(socket, profile);
    if (mayRequestStats) socket.on('request_stats', statsRequests(socket, profile));
    await hub.sendLatest(socket, profile);
  }

  /** Answers `request_stats`, throttled per client; never throws into Socket.IO. */
  function statsRequests(socket: LiveSocket, profile: string): () => void {
    const bucket = new TokenBucket(REQUEST_STATS_BURST, REQUEST_STATS_PER_SECOND, () => performance.now());
    let isThrottled = false;
    return () => {
      try {
        if (!bucket.take()) {
          if (!isThrottled) socket.emit('error', { code: 'RATE_LIMITED', message: RATE_LIMITED });
          isThrottled = true;
          return;
        }
        isThrottled = false;
        deps.live.seedPayload(profile).then(
          (payload) => socket.emit('stats_update', payload),
          (err: unknown) => log.warn({ err, profile }, 'request_stats failed'),
        );
      } catch (err) {
        log.warn({ err, profile }, 'request_stats failed');
      }
    };
  }

  return {
    io,
    hub,
    // Clients are let go; the HTTP server itself is closed by its owner.
    close: async () => {
      // This instance's clients only: with the Redis adapter the plain call reaches every instance.
      access.stop();
      io.local.disconnectSockets(true);
      io.engine.close();
      await hub.close();
    },
  };
}

const RATE_LIMITED = `request_stats is answered at most ${REQUEST_STATS_PER_SECOND} times a second; the others were dropped`;

function refuse(socket: LiveSocket, code: string, message: string): void {
  socket.emit('error', { code, message });
  socket.disconnect(true);
}

/** The events a handshake asks for: all when it names none, null when the list is not valid. */
function chosenEvents(raw: unknown): readonly PushedEvent[] | null {
  if (raw === undefined) return PUSHED_EVENTS;
  if (!Array.isArray(raw) || raw.length === 0) return null;
  const known: readonly string[] = PUSHED_EVENTS;
  return raw.every((e) => typeof e === 'string' && known.includes(e)) ? (raw as PushedEvent[]) : null;
}
