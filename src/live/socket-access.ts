import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { PushedEvent } from './live-events.js';
import type { LiveSocket } from './hub.js';

/**
 * What a live client presents: its handshake's headers (the login cookie, an `Authorization:
 * Bearer` token) and its `auth.token`.
 */
export interface SocketCredentials {
  headers: IncomingHttpHeaders;
  token: string | null;
}

/** What a live client was let in with. */
export interface SocketGrant {
  /**
   * Names the credential (a login, a key, an overlay token): the clients holding the same one
   * are checked again together.
   */
  credential: string;
  /** The pushed events it may receive (an overlay token made for one overlay: what it shows), or null for all. */
  events: readonly PushedEvent[] | null;
}

/** A refusal: the `error` event a client gets before it is disconnected. */
export class SocketRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Lets a live client in to a profile, or rejects with a `SocketRefusal` (another rejection means
 * the check itself failed).
 */
export type SocketAuthorizer = (credentials: SocketCredentials, profile: string) => Promise<SocketGrant>;

/**
 * How often the credentials of open live clients are checked again: a revoked key or overlay
 * token, an ended login or a removed role disconnects its clients within this time, whichever
 * instance the change was made on.
 */
export const SOCKET_RECHECK_MS = 1000;

interface Watched {
  profile: string;
  credentials: SocketCredentials;
  sockets: Set<LiveSocket>;
}

/**
 * The open live clients by credential, checked again every SOCKET_RECHECK_MS (once per
 * credential and profile, however many clients share it); those that no longer pass are told why
 * (`error` with the refusal's code) and disconnected.
 */
export class SocketAccessWatch {
  private readonly watched = new Map<string, Watched>();
  private readonly timer: NodeJS.Timeout;
  private isChecking = false;

  constructor(
    private readonly authorize: SocketAuthorizer,
    private readonly log: Logger,
    intervalMs = SOCKET_RECHECK_MS,
  ) {
    this.timer = setInterval(() => void this.recheck(), intervalMs);
    this.timer.unref();
  }

  add(socket: LiveSocket, profile: string, grant: SocketGrant, credentials: SocketCredentials): void {
    const id = `${profile}\n${grant.credential}`;
    let entry = this.watched.get(id);
    if (!entry) {
      entry = { profile, credentials, sockets: new Set() };
      this.watched.set(id, entry);
    }
    entry.sockets.add(socket);
    const watched = entry;
    socket.once('disconnect', () => {
      watched.sockets.delete(socket);
      if (watched.sockets.size === 0 && this.watched.get(id) === watched) this.watched.delete(id);
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Checks every credential once; disconnects the clients of those refused now. */
  async recheck(): Promise<void> {
    if (this.isChecking) return;
    this.isChecking = true;
    try {
      for (const [id, entry] of [...this.watched]) {
        const refusal = await this.authorize(entry.credentials, entry.profile).then(
          () => null,
          (err: unknown) => (err instanceof SocketRefusal ? err : null),
        );
        if (!refusal) continue;
        this.watched.delete(id);
        this.log.info({ profile: entry.profile, code: refusal.code }, 'live clients disconnected: access ended');
        for (const socket of entry.sockets) {
          socket.emit('error', { code: refusal.code, message: refusal.message });
          socket.disconnect(true);
        }
      }
    } finally {
      this.isChecking = false;
    }
  }
}
