import { NotFoundError, sessionNotFound } from '../core/errors.js';
import { emptyStats } from '../core/stats.js';
import type { StoredEvent } from '../core/live-event.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type {
  ClipShare,
  ClipStore,
  ClipViewReading,
  EventReads,
  ProfileStores,
  SessionQuery,
  SessionReads,
  SessionSummary,
  StatsReads,
  StatsSnapshot,
  StoredClip,
} from '../store/ports.js';

/** About how much text and data one page of the log holds at most (characters). */
export const MAX_EVENT_PAGE_BYTES = 4 * 1024 * 1024;

/** Reads of a profile's live stats, sessions, event log and clips, after checking the profile exists. */
export class ProfileReadService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: ProfileStores<
      StatsReads & SessionReads & EventReads & Pick<ClipStore, 'listClips' | 'listClipViews' | 'listClipShares'>
    >,
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

  /** A page of the clips after `after` (in order of first sight); `next` as for the log. */
  async listClips(
    profile: string,
    after: number,
    limit: number,
  ): Promise<{ clips: StoredClip[]; next: number | null }> {
    await this.profiles.get(profile);
    const store = await this.engine.openProfile(profile);
    const clips = await store.listClips(after, limit);
    const last = clips.at(-1)?.seq;
    const more = last !== undefined && clips.length === limit && (await store.listClips(last, 1)).length > 0;
    return { clips, next: more ? last : null };
  }

  /** A clip's view count readings, oldest first; 404 when the profile has no such clip. */
  async listClipViews(profile: string, seq: number): Promise<ClipViewReading[]> {
    await this.profiles.get(profile);
    const views = await (await this.engine.openProfile(profile)).listClipViews(seq);
    if (views === null) throw new NotFoundError('CLIP_NOT_FOUND', `profile '${profile}' has no clip ${seq}`);
    return views;
  }

  async listClipShares(profile: string, seq: number): Promise<ClipShare[]> {
    await this.profiles.get(profile);
    const shares = await (await this.engine.openProfile(profile)).listClipShares(seq);
    if (shares === null) throw new NotFoundError('CLIP_NOT_FOUND', `profile '${profile}' has no clip ${seq}`);
    return shares;
  }

  /** A page of the log after `after`; `next` is the cursor for the following page, or null at the end. */
  async listEvents(
    profile: string,
    after: number,
    limit: number,
  ): Promise<{ events: StoredEvent[]; next: number | null }> {
    await this.profiles.get(profile);
    const store = await this.engine.openProfile(profile);
    const events = await store.listEvents(after, limit, MAX_EVENT_PAGE_BYTES);
    const last = events.at(-1)?.seq;
    if (last === undefined) return { events, next: null };
    // A page cut short by its size still has a next one: look for one event after it.
    const more = events.length === limit || (await store.listEvents(last, 1)).length > 0;
    return { events, next: more ? last : null };
  }
}
