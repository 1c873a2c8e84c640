import type { Stats } from '../core/aggregates.js';
import type { ConnectorStatusView } from '../core/connector-status.js';
import type { GoalProgress } from '../core/goal.js';
import type { StoredEvent } from '../core/live-event.js';
import type { ObsHealthSample } from '../core/obs-health.js';
import type { ObsStatusView } from '../core/obs-status.js';

/** One trigger as the seed protocol lists it in `recent_triggers`. */
export interface TriggerEntry {
  seq: number;
  streamer: string;
  type: string;
  details: Record<string, unknown>;
  timestamp: string;
}

/**
 * The stats payload of the original dashboard protocol (`stats_update`, `GET /api/stats`):
 * exactly these keys. Maps are keyed by stream id.
 */
export interface SeedStatsPayload {
  viewer_counts: Record<string, number>;
  chat_velocities: Record<string, number>;
  recent_triggers: TriggerEntry[];
  recording_status: Record<string, boolean>;
  last_updated: string;
}

/** Combined and per-stream live stats with chat velocity: the richer `stats` event. */
export interface LiveStatsPayload {
  profile: string;
  combined: Stats & { chat_velocity: number };
  streams: Record<string, Stats & { chat_velocity: number; recording: boolean }>;
  at: string;
}

/** Chat, gifts, follows and the like as they happen; `sampled` says when not all are sent. */
export interface ActivityPayload {
  profile: string;
  items: {
    seq: number;
    stream: string;
    kind: string;
    at: number;
    user?: { id: string; name: string };
    count: number;
    value: number;
    text?: string;
    gift?: { id: string; name: string };
  }[];
  /** When a stream is very busy only some items are sent: `{ kept, of }` says how many of how many. */
  sampled: { kept: number; of: number } | null;
}

/** Every event the server emits, in one typed map (no string literals at `emit` calls). */
export interface ServerToClientEvents {
  stats_update: (payload: SeedStatsPayload) => void;
  stats: (payload: LiveStatsPayload) => void;
  activity: (payload: ActivityPayload) => void;
  trigger: (payload: TriggerEntry & { profile: string }) => void;
  goal_progress: (payload: { profile: string; goals: GoalProgress[] }) => void;
  connector_status: (payload: ConnectorStatusView & { profile: string }) => void;
  /** OBS's stream health, a sample every few seconds while it streams. */
  obs_health: (payload: ObsHealthSample & { profile: string }) => void;
  /** The profile's OBS link changed state, or OBS started or stopped an output. */
  obs_status: (payload: ObsStatusView & { profile: string }) => void;
  error: (payload: { code: string; message: string }) => void;
}

/**
 * Messages between instances (through the Redis adapter): a profile changed on the sending
 * instance, with a sample of the events behind it for the activity feed.
 */
export interface ServerToServerEvents {
  profile_changed: (profile: string, events: StoredEvent[]) => void;
}

/** Every event a client may send. */
export interface ClientToServerEvents {
  request_stats: () => void;
}

/** The events a client may choose to receive; `error` always reaches it. */
export const PUSHED_EVENTS = [
  'stats_update',
  'stats',
  'activity',
  'trigger',
  'goal_progress',
  'connector_status',
  'obs_health',
  'obs_status',
] as const satisfies readonly (keyof ServerToClientEvents)[];
export type PushedEvent = (typeof PUSHED_EVENTS)[number];

/**
 * What a client names in the handshake: `io(url, { auth: { profile, events, token } })`. `events`
 * lists the pushed events it wants (an overlay showing counters needs only `stats`); without it,
 * all. `token` is an API key with the `read` scope or an overlay token (a browser logged in to the
 * dashboard sends its login cookie instead; `key` is taken as another name for `token`).
 */
export interface HandshakeAuth {
  profile?: string;
  events?: unknown;
  token?: unknown;
  key?: unknown;
}

export const profileRoom = (profile: string): string => `profile:${profile}`;

/** The sockets of a profile that receive one pushed event. */
export const eventRoom = (profile: string, event: PushedEvent): string => `profile:${profile}:${event}`;
