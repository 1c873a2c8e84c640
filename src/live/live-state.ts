import type { StoredEvent } from '../core/live-event.js';
import { MINUTE_MS } from '../core/reduce.js';
import type { ProfileStore, StatsSnapshot, StoreEngine } from '../store/ports.js';
import { MinuteWindow } from './minute-window.js';
import type { LiveStatsPayload, SeedStatsPayload, TriggerEntry } from './live-events.js';

export const RECENT_TRIGGERS = 20;
/** Events older than this (replays of history) do not count against the wall clock. */
const LIVE_LAG_MS = 5 * 60_000;

/** What changed in a profile's live state: the events of a commit and the triggers among them. */
export interface LiveChange {
  events: readonly StoredEvent[];
  triggers: readonly TriggerEntry[];
  /** Chat messages in the minute up to `at` (event time) on a stream, as counted by the live state. */
  chatPerMinute(stream: string, at: number): number;
}

export type LiveListener = (profile: string, change: LiveChange) => void;

interface ProfileLive {
  store: ProfileStore;
  velocity: Map<string, MinuteWindow>;
  triggers: TriggerEntry[];
  recording: Map<string, boolean>;
}

/**
 * What the live views need beyond the stored stats: chat velocity per stream, the recent
 * triggers and the recording status. Per profile, loaded on first use (the recent triggers come
 * from the log, so they survive a restart) and fed after every commit.
 */
export class LiveState {
  private readonly profiles = new Map<string, Promise<ProfileLive>>();
  private readonly listeners: LiveListener[] = [];
  private readonly applying = new Set<Promise<void>>();

  /**
   * `shared`: several instances write the same profiles (PostgreSQL + Redis). Each one only sees
   * its own commits, so payloads are then read from the database (stats, recent triggers,
   * recording status, and chat velocity from the minute rollups) instead of this instance's memory.
   */
  constructor(
    private readonly engine: StoreEngine,
    private readonly now: () => number = Date.now,
    private readonly shared = false,
  ) {}

  /** Called after every change, with what changed (the hub pushes it to clients). */
  onChange(listener: LiveListener): void {
    this.listeners.push(listener);
  }

  /** Feeds a committed batch, then tells the listeners. */
  apply(profile: string, stored: readonly StoredEvent[]): Promise<void> {
    const work = this.applyNow(profile, stored);
    this.applying.add(work);
    void work.catch(() => undefined).finally(() => this.applying.delete(work));
    return work;
  }

  /** Resolves once every batch fed so far is applied (before the storage closes). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.applying]);
  }

  private async applyNow(profile: string, stored: readonly StoredEvent[]): Promise<void> {
    const live = await this.load(profile);
    const triggers: TriggerEntry[] = [];
    for (const e of stored) {
      if (e.kind === 'chat') velocityOf(live, e.stream).add(e.at, e.count);
      if (e.kind === 'trigger') triggers.push(toTriggerEntry(e));
    }
    if (triggers.length > 0)
      live.triggers = [...triggers].reverse().concat(live.triggers).slice(0, RECENT_TRIGGERS);
    // A void may take back triggers: the list is read again from the log.
    if (stored.some((e) => e.kind === 'void'))
      live.triggers = (await live.store.listRecentTriggers(RECENT_TRIGGERS)).map(toTriggerEntry);
    this.emit(profile, live, stored, triggers);
  }

  async setRecording(profile: string, stream: string, recording: boolean): Promise<void> {
    const live = await this.load(profile);
    live.recording.set(stream, recording);
    this.emit(profile, live, [], []);
  }

  private emit(
    profile: string,
    live: ProfileLive,
    events: readonly StoredEvent[],
    triggers: TriggerEntry[],
  ): void {
    const change: LiveChange = {
      events,
      triggers,
      chatPerMinute: (stream, at) => live.velocity.get(stream)?.perMinute(at) ?? 0,
    };
    for (const listener of this.listeners) listener(profile, change);
  }

  /** Forgets a profile (after it was deleted). */
  forget(profile: string): void {
    this.profiles.delete(profile);
  }

  /** The original dashboard protocol's payload, for `stats_update` and `GET /api/stats`. */
  async seedPayload(profile: string): Promise<SeedStatsPayload> {
    const live = await this.fresh(profile);
    const viewer_counts: Record<string, number> = {};
    const chat_velocities: Record<string, number> = {};
    for (const stream of live.streamIds) {
      viewer_counts[stream] = live.stats.streams[stream]?.viewers ?? 0;
      chat_velocities[stream] = live.velocity(stream);
    }
    return {
      viewer_counts,
      chat_velocities,
      recent_triggers: live.triggers,
      recording_status: Object.fromEntries(live.recording),
      last_updated: new Date(this.now()).toISOString(),
    };
  }

  /** Combined and per-stream stats with chat velocity and recording status. */
  async statsPayload(profile: string): Promise<LiveStatsPayload> {
    const live = await this.fresh(profile);
    const streams: LiveStatsPayload['streams'] = {};
    let combinedVelocity = 0;
    for (const stream of live.streamIds) {
      const stats = live.stats.streams[stream];
      const chat_velocity = live.velocity(stream);
      combinedVelocity += chat_velocity;
      if (stats)
        streams[stream] = { ...stats, chat_velocity, recording: live.recording.get(stream) ?? false };
    }
    return {
      profile,
      combined: { ...live.stats.combined, chat_velocity: combinedVelocity },
      streams,
      at: new Date(this.now()).toISOString(),
    };
  }

  /** What a payload is made of: from memory, or (shared) read from the database now. */
  private async fresh(profile: string): Promise<LiveView> {
    const live = await this.load(profile);
    if (!this.shared) {
      const state = live.store.currentState();
      const stats = {
        combined: state.combined,
        streams: Object.fromEntries([...state.streams].map(([id, s]) => [id, s.stats])),
      };
      return {
        stats,
        triggers: live.triggers,
        recording: live.recording,
        streamIds: sortedIds(live.recording.keys(), state.streams.keys()),
        velocity: (stream) => this.velocity(live, stream),
      };
    }
    const now = this.now();
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const [stats, triggers, streams, rollups] = await Promise.all([
      live.store.getStats(),
      live.store.listRecentTriggers(RECENT_TRIGGERS),
      this.engine.system.listStreams(profile),
      live.store.listRollups({ from: minute - MINUTE_MS, to: minute + MINUTE_MS }),
    ]);
    const recording = new Map(streams.map((s) => [s.id, s.recording]));
    const elapsed = (now - minute) / MINUTE_MS;
    return {
      stats,
      triggers: triggers.map(toTriggerEntry),
      recording,
      streamIds: sortedIds(recording.keys(), Object.keys(stats.streams)),
      // The last 60 s from minute counts: this minute, and the rest of the previous one pro rata.
      velocity: (stream) =>
        Math.round(
          rollups
            .filter((r) => r.stream === stream)
            .reduce((sum, r) => sum + (r.minute === minute ? r.comments : r.comments * (1 - elapsed)), 0),
        ),
    };
  }

  /** Messages per minute now; for a replay of history, as of its latest message. */
  private velocity(live: ProfileLive, stream: string): number {
    const v = live.velocity.get(stream);
    if (!v) return 0;
    const now = this.now();
    return v.perMinute(now - v.latest > LIVE_LAG_MS ? v.latest : Math.max(now, v.latest));
  }

  private load(profile: string): Promise<ProfileLive> {
    let live = this.profiles.get(profile);
    if (!live) {
      live = this.open(profile);
      this.profiles.set(profile, live);
      live.catch(() => this.profiles.delete(profile));
    }
    return live;
  }

  private async open(profile: string): Promise<ProfileLive> {
    const store = await this.engine.openProfile(profile);
    const streams = await this.engine.system.listStreams(profile);
    const triggers = (await store.listRecentTriggers(RECENT_TRIGGERS)).map(toTriggerEntry);
    return {
      store,
      velocity: new Map(),
      triggers,
      recording: new Map(streams.map((s) => [s.id, s.recording])),
    };
  }
}

interface LiveView {
  stats: StatsSnapshot;
  triggers: TriggerEntry[];
  recording: Map<string, boolean>;
  streamIds: string[];
  velocity: (stream: string) => number;
}

function sortedIds(...sources: Iterable<string>[]): string[] {
  const ids = new Set<string>();
  for (const source of sources) for (const id of source) ids.add(id);
  return [...ids].sort();
}

function velocityOf(live: ProfileLive, stream: string): MinuteWindow {
  let v = live.velocity.get(stream);
  if (!v) live.velocity.set(stream, (v = new MinuteWindow()));
  return v;
}

/** A trigger event as the seed protocol lists it: `data.type` and `data.details`, or the whole data. */
export function toTriggerEntry(e: StoredEvent): TriggerEntry {
  const data = e.data ?? {};
  const details =
    data.details && typeof data.details === 'object' ? (data.details as Record<string, unknown>) : data;
  return {
    seq: e.seq,
    streamer: e.stream,
    type: typeof data.type === 'string' ? data.type : 'trigger',
    details,
    timestamp: new Date(e.at).toISOString(),
  };
}
