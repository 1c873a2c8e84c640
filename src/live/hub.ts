import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { GoalProgress } from '../core/goal.js';
import type { StoredEvent } from '../core/live-event.js';
import type { ConnectorStatusView } from '../core/connector-status.js';
import type { ObsHealthSample } from '../core/obs-health.js';
import type { ObsStatusView } from '../core/obs-status.js';
import { ActivityBuffer } from './activity-buffer.js';
import { noPeers, type LivePeers, type PeerLink } from './live-peers.js';
import type { LiveState } from './live-state.js';
import {
  eventRoom,
  profileRoom,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type ServerToServerEvents,
  type TriggerEntry,
} from './live-events.js';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, ServerToServerEvents>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface HubOptions {
  /** At most one stats push per room per window (ms). */
  windowMs: number;
  /** Activity items per push before sampling. */
  activityLimit: number;
  /**
   * Told of every push that reached sockets: how long after the change that started it (ms),
   * coalescing wait included (metrics). Once per push, never per socket.
   */
  onPushed?: (ms: number) => void;
}

/** The start of a profile room's name (see `profileRoom`). */
const PROFILE_ROOM_PREFIX = profileRoom('');

/** Packets a socket may have waiting before it counts as slow and only gets the latest state. */
const MAX_QUEUED_PACKETS = 16;

interface Room {
  timer: NodeJS.Timeout | null;
  dirty: boolean;
  /** When the oldest change not pushed yet arrived (monotonic ms). */
  changedAt: number;
  activity: ActivityBuffer;
}

/**
 * Pushes each profile's live state to its room, coalesced: the first change goes out at once, the
 * ones after it at most once per window, the latest state winning and the final one always sent.
 * A slow socket is skipped while its buffer is full and gets the latest state when it drains, so
 * it never makes the server queue without limit.
 */
export class Hub {
  private readonly rooms = new Map<string, Room>();
  private readonly behind = new Map<string, string>();
  private readonly peers: PeerLink;

  /** `peers`: the other instances sharing the profiles, if any (their changes are pushed here too). */
  constructor(
    private readonly io: LiveServer,
    private readonly live: LiveState,
    private readonly options: HubOptions,
    private readonly log: Logger,
    peers: LivePeers = noPeers,
  ) {
    this.peers = peers.attach(io, (profile, events) => this.publish(profile, events));
  }

  /** A local commit changed `profile`: push it here and tell the other instances. */
  publishLocal(profile: string, events: readonly StoredEvent[]): void {
    this.publish(profile, events);
    this.peers.announce(profile, events);
  }

  /** A socket joined: watch its buffer so a slow client catches up with the latest state. */
  watch(socket: LiveSocket, profile: string): void {
    socket.conn.on('drain', () => {
      if (!this.behind.delete(socket.id)) return;
      this.sendLatest(socket, profile).catch((err: unknown) =>
        this.log.warn({ err, profile }, 'catch-up push failed'),
      );
    });
    socket.on('disconnect', () => this.behind.delete(socket.id));
  }

  /** Something changed in `profile`: push it, coalesced. */
  publish(profile: string, events: readonly StoredEvent[] = []): void {
    const room = this.room(profile);
    room.activity.add(events);
    if (!room.dirty) room.changedAt = performance.now();
    room.dirty = true;
    if (!room.timer) this.flush(profile, room);
  }

  /** Triggers go out at once, uncoalesced: each one matters. */
  publishTriggers(profile: string, triggers: readonly TriggerEntry[]): void {
    for (const t of triggers) this.io.to(eventRoom(profile, 'trigger')).emit('trigger', { ...t, profile });
  }

  /** Goal progress changed (already throttled by the goal watch). */
  publishGoals(profile: string, goals: GoalProgress[]): void {
    this.io.to(eventRoom(profile, 'goal_progress')).emit('goal_progress', { profile, goals });
  }

  /** A stream's connector changed state: rare and each one matters, so sent at once. */
  publishConnectorStatus(profile: string, status: ConnectorStatusView): void {
    this.io.to(eventRoom(profile, 'connector_status')).emit('connector_status', { ...status, profile });
  }

  /** A sample of OBS's stream health: every few seconds at most, sent as it comes. */
  publishObsHealth(profile: string, sample: ObsHealthSample): void {
    this.io.to(eventRoom(profile, 'obs_health')).emit('obs_health', { ...sample, profile });
  }

  /** The profile's OBS link changed: rare, sent at once. */
  publishObsStatus(profile: string, status: ObsStatusView): void {
    this.io.to(eventRoom(profile, 'obs_status')).emit('obs_status', { ...status, profile });
  }

  /** The current state, to one socket (on connect and after a slow socket drained). */
  async sendLatest(socket: LiveSocket, profile: string): Promise<void> {
    const wantsSeed = socket.rooms.has(eventRoom(profile, 'stats_update'));
    const wantsStats = socket.rooms.has(eventRoom(profile, 'stats'));
    const [seed, stats] = await Promise.all([
      wantsSeed ? this.live.seedPayload(profile) : null,
      wantsStats ? this.live.statsPayload(profile) : null,
    ]);
    if (seed) socket.emit('stats_update', seed);
    if (stats) socket.emit('stats', stats);
  }

  /** This instance's live clients per profile: the sockets in each profile's room. */
  clientsByProfile(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [room, ids] of this.io.sockets.adapter.rooms) {
      // A profile's room, not one of its event rooms (`profile:<id>:<event>`) nor a socket's own.
      if (room.startsWith(PROFILE_ROOM_PREFIX) && !room.includes(':', PROFILE_ROOM_PREFIX.length)) {
        counts.set(room.slice(PROFILE_ROOM_PREFIX.length), ids.size);
      }
    }
    return counts;
  }

  /** Stops the timers and leaves the other instances (shutdown). */
  close(): Promise<void> {
    for (const room of this.rooms.values()) if (room.timer) clearTimeout(room.timer);
    this.rooms.clear();
    return this.peers.close();
  }

  private room(profile: string): Room {
    let room = this.rooms.get(profile);
    if (!room)
      this.rooms.set(
        profile,
        (room = {
          timer: null,
          dirty: false,
          changedAt: 0,
          activity: new ActivityBuffer(this.options.activityLimit),
        }),
      );
    return room;
  }

  private flush(profile: string, room: Room): void {
    if (!room.dirty) {
      room.timer = null;
      this.rooms.delete(profile);
      return;
    }
    room.dirty = false;
    room.timer = setTimeout(() => this.flush(profile, room), this.options.windowMs);
    this.push(profile, room, room.changedAt).catch((err: unknown) =>
      this.log.warn({ err, profile }, 'live push failed'),
    );
  }

  private async push(profile: string, room: Room, changedAt: number): Promise<void> {
    const activity = room.activity.take(profile);
    const ready = this.readySockets(profile);
    if (ready.size === 0) return;
    // Each event to the ready sockets that chose it; only this instance's: the others push to theirs.
    const seedTo = this.chose(ready, profile, 'stats_update');
    const statsTo = this.chose(ready, profile, 'stats');
    const [seed, stats] = await Promise.all([
      seedTo.length > 0 ? this.live.seedPayload(profile) : null,
      statsTo.length > 0 ? this.live.statsPayload(profile) : null,
    ]);
    if (seed) this.io.local.to(seedTo).emit('stats_update', seed);
    if (stats) this.io.local.to(statsTo).emit('stats', stats);
    const activityTo = activity ? this.chose(ready, profile, 'activity') : [];
    if (activity && activityTo.length > 0) this.io.local.to(activityTo).emit('activity', activity);
    if (seed || stats || activityTo.length > 0) this.options.onPushed?.(performance.now() - changedAt);
  }

  /** Sockets of the room whose buffers have room; the others are marked to catch up on drain. */
  private readySockets(profile: string): Set<string> {
    const ids = this.io.sockets.adapter.rooms.get(profileRoom(profile));
    const ready = new Set<string>();
    if (!ids) return ready;
    for (const id of ids) {
      const socket = this.io.sockets.sockets.get(id);
      if (!socket) continue;
      if (queuedPackets(socket) > MAX_QUEUED_PACKETS) this.behind.set(id, profile);
      else ready.add(id);
    }
    return ready;
  }

  /** The ready sockets that chose `event`. */
  private chose(
    ready: ReadonlySet<string>,
    profile: string,
    event: 'stats_update' | 'stats' | 'activity',
  ): string[] {
    const members = this.io.sockets.adapter.rooms.get(eventRoom(profile, event));
    if (!members) return [];
    const out: string[] = [];
    for (const id of members) if (ready.has(id)) out.push(id);
    return out;
  }
}

/** Packets engine.io holds for a socket because its transport is not writable (private in its types). */
function queuedPackets(socket: LiveSocket): number {
  return (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
}
