import { MINUTE_MS } from '../core/reduce.js';
import type { StreamInfo } from '../store/ports.js';
import { RECENT_TRIGGERS, toTriggerEntry } from './trigger-entry.js';
import { sortedIds, type LiveSource, type LiveView, type ProfileLive } from './live-source.js';

/**
 * Several instances write the same profiles (PostgreSQL + Redis) and each only sees its own
 * commits: payloads are read from the database (stats, recent triggers, recording status, and
 * chat velocity from the minute rollups) instead of this instance's memory.
 */
export class SharedLiveSource implements LiveSource {
  constructor(private readonly listStreams: (profile: string) => Promise<StreamInfo[]>) {}

  async read(profile: string, live: ProfileLive, now: number): Promise<LiveView> {
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const [stats, triggers, streams, rollups] = await Promise.all([
      live.store.getStats(),
      live.store.listRecentTriggers(RECENT_TRIGGERS),
      this.listStreams(profile),
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
}
