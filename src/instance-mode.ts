import type { Logger } from './logger.js';
import type { ConnectorPlacement } from './ingest/leases/connector-placement.js';
import { LocalStatusBoard, RedisStatusBoard } from './ingest/leases/connector-status-board.js';
import { MemoryStreamLeases } from './ingest/leases/memory-stream-leases.js';
import { RedisStreamLeases } from './ingest/leases/redis-stream-leases.js';
import { localLiveSource, type LiveSource } from './live/live-source.js';
import { noPeers, type LivePeers } from './live/live-peers.js';
import { RedisPeers } from './live/redis/redis-peers.js';
import { SharedLiveSource } from './live/shared-live-source.js';
import type { StreamInfo } from './store/ports.js';

/**
 * Whether this instance is alone with its profiles or shares them with others (PostgreSQL +
 * Redis), decided once at start (ADR 0011): where connectors run, where live payloads are read
 * from, and how live changes reach the other instances' clients.
 */
export interface InstanceMode {
  placement: ConnectorPlacement;
  liveSource: LiveSource;
  peers: LivePeers;
}

/** One instance: every stream runs here, live payloads come from memory, nobody else to tell. */
export function singleInstance(): InstanceMode {
  return {
    placement: { leases: new MemoryStreamLeases(), statuses: new LocalStatusBoard() },
    liveSource: localLiveSource,
    peers: noPeers,
  };
}

/**
 * Several instances over one database and one Redis: streams are leased out (each round takes
 * half of the free ones, at least 4, so the instances share them), statuses are published for the
 * others, live payloads are read from the database, and changes are announced through Redis.
 */
export function sharedInstances(
  redis: { url: string; prefix: string },
  listStreams: (profile: string) => Promise<StreamInfo[]>,
  logger: Logger,
): InstanceMode {
  return {
    placement: {
      leases: new RedisStreamLeases(redis.url, { keyPrefix: redis.prefix }),
      statuses: new RedisStatusBoard(redis.url, redis.prefix),
      takePerRound: (free) => Math.max(4, Math.ceil(free / 2)),
    },
    liveSource: new SharedLiveSource(listStreams),
    peers: new RedisPeers({ url: redis.url, keyPrefix: redis.prefix, logger }),
  };
}
