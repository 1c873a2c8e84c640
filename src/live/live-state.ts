import type { StoredEvent } from '../core/live-event.js';
import type { ProfileStores, SystemStore } from '../store/ports.js';
import { MinuteWindow } from './minute-window.js';
import type { LiveStatsPayload, SeedStatsPayload, TriggerEntry } from './live-events.js';
import {
  localLiveSource,
  type LiveSource,
  type LiveStore,
  type LiveView,
  type ProfileLive,
} from './live-source.js';
import { RECENT_TRIGGERS, toTriggerEntry } from './trigger-entry.js';

/** The stores the live state opens, and the streams' recording status. */
export type LiveStores = ProfileStores<LiveStore> & { system: Pick<SystemStore, 'listStreams'> };

/** What changed in a profile's live state: the events of a commit and the triggers among them. */
export interface LiveChange {
  events: readonly StoredEvent[];
  triggers: readonly TriggerEntry[];
  /** Chat messages in the minute up to `at` (event time) on a stream, as counted by the live state. */
  chatPerMinute(stream: string, at: number): number;
}

/**
 * What the live views need beyond the stored stats: chat velocity per stream, the recent
 * triggers and the recording status. Per profile, loaded on first use (the recent triggers come
 * from the log, so they survive a restart) and fed after every commit.
 */
export class LiveState {
  private readonly profiles = new Map<string, Promise<ProfileLive>>();
  private readonly applying = new Set<Promise<unknown>>();

  /** `source`: where payloads are read from, this instance's memory unless several share the profiles. */
  constructor(
    private readonly engine: LiveStores,
    private readonly now: () => number = Date.now,
    private readonly source: LiveSource = localLiveSource,
  ) {}

  /** Feeds a committed batch; answers what changed (see LiveFanout, which passes it on). */
  apply(profile: string, stored: readonly StoredEvent[]): Promise<LiveChange> {
    const work = this.applyNow(profile, stored);
    this.applying.add(work);
    void work.catch(() => undefined).finally(() => this.applying.delete(work));
    return work;
  }

  /** Resolves once every batch fed so far is applied (before the storage closes). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.applying]);
  }

  private async applyNow(profile: string, stored: readonly StoredEvent[]): Promise<LiveChange> {
    const live = await this.load(profile);
    const triggers: TriggerEntry[] = [];
    const arrivedAt = Date.now();
    for (const e of stored) {
      if (e.kind === 'chat') velocityOf(live, e.stream).add(e.at, e.count, arrivedAt);
      if (e.kind === 'trigger') triggers.push(toTriggerEntry(e));
    }
    if (triggers.length > 0)
      live.triggers = [...triggers].reverse().concat(live.triggers).slice(0, RECENT_TRIGGERS);
    // A void may take back triggers: the list is read again from the log.
    if (stored.some((e) => e.kind === 'void'))
      live.triggers = (await live.store.listRecentTriggers(RECENT_TRIGGERS)).map(toTriggerEntry);
    return changeOf(live, stored, triggers);
  }

  /** A stream's recording status changed; answers the (event-less) change. */
  async setRecording(profile: string, stream: string, recording: boolean): Promise<LiveChange> {
    const live = await this.load(profile);
    live.recording.set(stream, recording);
    return changeOf(live, [], []);
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

  /** What a payload is made of, from wherever this deployment reads it (see LiveSource). */
  private async fresh(profile: string): Promise<LiveView> {
    return this.source.read(profile, await this.load(profile), this.now());
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

function changeOf(live: ProfileLive, events: readonly StoredEvent[], triggers: TriggerEntry[]): LiveChange {
  return {
    events,
    triggers,
    chatPerMinute: (stream, at) => live.velocity.get(stream)?.perMinute(at) ?? 0,
  };
}

function velocityOf(live: ProfileLive, stream: string): MinuteWindow {
  let v = live.velocity.get(stream);
  if (!v) live.velocity.set(stream, (v = new MinuteWindow()));
  return v;
}
