import type { StoredEvent } from '../../core/live-event.js';
import type { LiveServer } from '../hub.js';
import type { LivePeers, PeerLink } from '../live-peers.js';
import { RedisLiveLink, type RedisLiveLinkOptions } from './redis-live-link.js';

/** Events an announcement carries for the other instances' activity feeds, at most. */
const ANNOUNCED_EVENTS = 50;

/**
 * Several instances share the profiles through Redis: the Socket.IO Redis adapter joins their
 * servers, a local change is announced to the others (`profile_changed`), and theirs are pushed
 * to this instance's clients.
 */
export class RedisPeers implements LivePeers {
  constructor(private readonly options: RedisLiveLinkOptions) {}

  attach(io: LiveServer, onPeerChange: (profile: string, events: readonly StoredEvent[]) => void): PeerLink {
    const link = RedisLiveLink.attach(io, this.options);
    const log = this.options.logger.child({ module: 'live.peers' });
    io.on('profile_changed', onPeerChange);
    return {
      announce(profile, events) {
        try {
          io.serverSideEmit('profile_changed', profile, events.slice(-ANNOUNCED_EVENTS));
        } catch (err) {
          log.debug({ err, profile }, 'change not announced to the other instances');
        }
      },
      close: () => link.close(),
    };
  }
}
