import { MINUTE_MS } from '../core/reduce.js';
import type { StatsSnapshot } from '../store/ports.js';
import type { EventLog, StatsReads, SessionReads } from '../store/ports.js';
import type { MinuteWindow } from './minute-window.js';
import type { TriggerEntry } from './live-events.js';

/** Events older than this (replays of history) do not count against the wall clock. */
const LIVE_LAG_MS = 5 * 60_000;

/** What the live state reads of a profile's store. */
export type LiveStore = Pick<EventLog, 'currentState'> & StatsReads & Pick<SessionReads, 'listRollups'>;

/** What this instance holds of a profile: fed after every local commit. */
export interface ProfileLive {
  store: LiveStore;
  velocity: Map<string, MinuteWindow>;
  triggers: TriggerEntry[];
  recording: Map<string, boolean>;
}

/** The figures a live payload is made of. */
export interface LiveView {
  stats: StatsSnapshot;
  triggers: TriggerEntry[];
  recording: Map<string, boolean>;
  streamIds: string[];
  /** Chat messages per minute on a stream now. */
  velocity: (stream: string) => number;
}

/**
 * Where live payloads come from, chosen once at start: this instance's memory when it is the only
 * one writing its profiles (`localLiveSource`), the shared database when several instances write
 * them and each sees only its own commits (`SharedLiveSource`).
 */
export interface LiveSource {
  read(profile: string, live: ProfileLive, now: number): Promise<LiveView>;
}

/** One instance: the hot state of the store and what this instance counted. */
export const localLiveSource: LiveSource = {
  read(_profile, live, now) {
    const state = live.store.currentState();
    const stats = {
      combined: state.combined,
      streams: Object.fromEntries([...state.streams].map(([id, s]) => [id, s.stats])),
    };
    return Promise.resolve({
      stats,
      triggers: live.triggers,
      recording: live.recording,
      streamIds: sortedIds(live.recording.keys(), state.streams.keys()),
      velocity: (stream) => velocityNow(live.velocity.get(stream), now),
    });
  },
};

/**
 * Messages per minute now. For history being replayed (messages arriving now, stamped long ago),
 * as of its latest message, but only while its messages keep arriving: a message of last year,
 * pushed once, is not a chat rate a minute later.
 */
export function velocityNow(window: MinuteWindow | undefined, now: number): number {
  if (!window) return 0;
  if (now - window.latest <= LIVE_LAG_MS) return window.perMinute(Math.max(now, window.latest));
  return now - window.arrivedAt < MINUTE_MS ? window.perMinute(window.latest) : 0;
}

export function sortedIds(...sources: Iterable<string>[]): string[] {
  const ids = new Set<string>();
  for (const source of sources) for (const id of source) ids.add(id);
  return [...ids].sort();
}
