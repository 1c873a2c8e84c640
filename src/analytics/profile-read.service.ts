import { sessionNotFound } from '../core/errors.js';
import { emptyStats } from '../core/stats.js';
import type { StoredEvent } from '../core/live-event.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type { SessionQuery, SessionSummary, StatsSnapshot, StoreEngine } from '../store/ports.js';

/** Reads of a profile's live stats, sessions and event log, after checking the profile exists. */
export class ProfileReadService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: StoreEngine,
  ) {}

  /** Stats per stream (every registered stream, zeros until it has events) and combined. */
  async getStats(profile: string): Promise<StatsSnapshot> {
    const streams = await this.profiles.listStreams(profile);
    const snapshot = await (await this.engine.openProfile(profile)).getStats();
    for (const s of streams) snapshot.streams[s.id] ??= emptyStats();
    return snapshot;
  }

  async listSessions(profile: string, query: SessionQuery): Promise<SessionSummary[]> {
    await this.profiles.get(profile);
    return (await this.engine.openProfile(profile)).listSessions(query);
  }

  async getSession(profile: string, id: number): Promise<SessionSummary> {
    await this.profiles.get(profile);
    const session = await (await this.engine.openProfile(profile)).getSession(id);
    if (!session) throw sessionNotFound(profile, id);
    return session;
  }

  /** A page of the log after `after`; `next` is the cursor for the following page, or null at the end. */
  async listEvents(
    profile: string,
    after: number,
    limit: number,
  ): Promise<{ events: StoredEvent[]; next: number | null }> {
    await this.profiles.get(profile);
    const events = await (await this.engine.openProfile(profile)).listEvents(after, limit);
    return { events, next: events.length === limit ? events[events.length - 1]!.seq : null };
  }
}
