import { UNPACED, type BackgroundPace } from '../../core/background-pace.js';
import type { ClipCapture } from '../../core/clip-capture.js';
import type { ClipDue, ClipStore } from '../../store/ports.js';
import type { HelixCallOptions, HelixClips } from '../twitch/helix-clips.js';

const DAY_MS = 86_400_000;

/** How far back a stream's first sync reads (ms). */
export const DEFAULT_BACKFILL_MS = 60 * DAY_MS;
/**
 * How far before the end of the last sync the next one starts (ms): Helix lists a clip some time
 * after it was made, so a window read once is read again for that long.
 */
export const DEFAULT_OVERLAP_MS = 3_600_000;
/** Clips whose view counts one refresh reads again, at most (100 a request). */
export const DEFAULT_REFRESH_LIMIT = 500;
/** Shared clip ids asked for by one refresh, at most (one request). */
const SHARED_LIMIT = 100;
/** Clip ids per Get Clips request (Helix's maximum): a refresh asks its pace before each. */
const IDS_PER_REQUEST = 100;
/** How long an id Helix did not know is not asked again (ms), and how many such ids are kept. */
const NOT_FOUND_TTL_MS = DAY_MS;
const NOT_FOUND_MAX = 10_000;

/** Where a stream's clips were read up to, kept so a restart does not read the backfill again. */
export interface ClipSyncMark {
  /** The channel (login) the mark is of: a stream moved to another channel starts over. */
  channel: string;
  broadcaster_id: string;
  /** The end of the last window read in full (epoch ms). */
  synced_to: number;
}

/** Keeps a stream's sync mark (in memory when nothing else is given). */
export interface ClipSyncMarks {
  read(): Promise<ClipSyncMark | null>;
  write(mark: ClipSyncMark): Promise<void>;
}

/** The store calls the poller makes (a profile's clip store). */
export type PollerClipStore = Pick<
  ClipStore,
  'upsertClips' | 'markClipsRead' | 'clipsDueForRefresh' | 'sharedUnknownClips'
>;

export interface TwitchClipPollerOptions {
  /** The profile's stream and its Twitch channel (a leading `#` and case do not matter). */
  stream: { id: string; channel: string };
  marks?: ClipSyncMarks;
  backfillMs?: number;
  overlapMs?: number;
  refreshLimit?: number;
  /** Asked before each page of a sync is stored and before each request of a refresh (default: never waits). */
  pace?: BackgroundPace;
}

/** What a sync read and stored. */
export interface ClipSyncOutcome {
  /** Whether this was the stream's first sync (the backfill window). */
  isFirst: boolean;
  from: number;
  to: number;
  /** Clips Helix listed for the window, and the new ones among them. */
  clips: number;
  created: number;
  /** Items that were not storable clips, or clips of another channel. */
  skipped: number;
  requests: number;
}

/** What a refresh read and stored. */
export interface ClipRefreshOutcome {
  /** Clips due whose counts were read again, and those Helix no longer has (checked, kept as they were). */
  refreshed: number;
  missing: number;
  /** Clips shared on Discord and stored now, of those asked for. */
  sharedFound: number;
  sharedAsked: number;
  /** Clips new to the profile. */
  created: number;
}

/**
 * The profile's stream a clip was made on (its broadcaster's), or null: a clip stored again with
 * null keeps the stream it had.
 */
export type ClipStreamMatcher = (clip: ClipCapture) => string | null;

/**
 * One Twitch stream's clips from Helix into its profile's clip store. `sync` reads Get Clips of
 * the stream's channel for a window (the backfill on the first sync; from the last sync less an
 * overlap afterwards) and stores each query's clips as it is answered, with the stream set: a
 * window read again updates its clips and never duplicates them. `refresh` reads again, by id,
 * the profile's clips whose view counts are due and the clips shared on Discord that are not
 * stored yet. Neither catches: the caller retries.
 */
export class TwitchClipPoller {
  private readonly marks: ClipSyncMarks;
  private readonly backfillMs: number;
  private readonly overlapMs: number;
  private readonly refreshLimit: number;
  private readonly pace: BackgroundPace;
  /** Shared ids Helix did not know, and when they may be asked for again. */
  private readonly notFound = new Map<string, number>();
  private knownBroadcasterId: string | null = null;

  constructor(
    private readonly helix: HelixClips,
    private readonly store: PollerClipStore,
    private readonly now: () => number,
    private readonly options: TwitchClipPollerOptions,
  ) {
    this.marks = options.marks ?? memoryMarks();
    this.backfillMs = options.backfillMs ?? DEFAULT_BACKFILL_MS;
    this.overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
    this.refreshLimit = options.refreshLimit ?? DEFAULT_REFRESH_LIMIT;
    this.pace = options.pace ?? UNPACED;
  }

  /** The channel's Twitch user id, once a sync found it. */
  get broadcasterId(): string | null {
    return this.knownBroadcasterId;
  }

  /**
   * Reads the stream's clips made since its last sync (less the overlap), or over the backfill
   * window the first time, and stores them. The mark moves on only once the whole window is
   * stored. Throws when the channel does not exist, on Helix and storage errors, and when aborted.
   */
  async sync(call: HelixCallOptions = {}): Promise<ClipSyncOutcome> {
    const to = this.now();
    const channel = loginOf(this.options.stream.channel);
    const mark = await this.marks.read();
    const isFirst = mark === null || mark.channel !== channel;
    const broadcasterId = isFirst ? await this.resolve(channel, call) : mark.broadcaster_id;
    this.knownBroadcasterId = broadcasterId;
    const from = isFirst ? to - this.backfillMs : Math.min(mark.synced_to, to) - this.overlapMs;
    const outcome: ClipSyncOutcome = { isFirst, from, to, clips: 0, created: 0, skipped: 0, requests: 0 };
    const counts = await this.helix.eachClipBetween(
      broadcasterId,
      from,
      to,
      async (clips) => {
        // The next page is asked for once this one is stored: the pace spaces them out.
        await this.pace.nextStep(call.signal);
        // Only the channel's own clips are the stream's (an answer may hold others).
        const own = clips.filter((c) => c.broadcaster === null || c.broadcaster.id === broadcasterId);
        outcome.skipped += clips.length - own.length;
        const stream = this.options.stream.id;
        const stored = await this.store.upsertClips(
          own.map((c) => ({ ...c, stream })),
          this.now(),
        );
        outcome.created += stored.created;
      },
      call,
    );
    await this.marks.write({ channel, broadcaster_id: broadcasterId, synced_to: to });
    return {
      ...outcome,
      clips: counts.clips,
      skipped: outcome.skipped + counts.skipped,
      requests: counts.requests,
    };
  }

  /**
   * Reads again the view counts of the profile's Twitch clips that are due (most overdue first,
   * at most the refresh limit) and looks up the clips shared on Discord that are not stored yet.
   * A due clip Helix no longer has is stored again as it was, so that it counts as checked.
   * `streamOf` names the profile's stream of a clip (null: none, or keep the stored one).
   */
  async refresh(streamOf: ClipStreamMatcher, call: HelixCallOptions = {}): Promise<ClipRefreshOutcome> {
    const outcome: ClipRefreshOutcome = {
      refreshed: 0,
      missing: 0,
      sharedFound: 0,
      sharedAsked: 0,
      created: 0,
    };
    const due = await this.store.clipsDueForRefresh('twitch', this.now(), this.refreshLimit);
    for (let i = 0; i < due.length; i += IDS_PER_REQUEST) {
      const read = await this.refreshDue(due.slice(i, i + IDS_PER_REQUEST), streamOf, call);
      outcome.refreshed += read.refreshed;
      outcome.missing += read.missing;
      outcome.created += read.created;
    }
    const shared = (await this.store.sharedUnknownClips('twitch', SHARED_LIMIT)).filter((id) =>
      this.isWorthAsking(id),
    );
    if (shared.length > 0) {
      await this.pace.nextStep(call.signal);
      const { clips } = await this.helix.clipsById(shared, call);
      const found = new Set(clips.map((c) => c.link.id));
      for (const id of shared) if (!found.has(id)) this.rememberNotFound(id);
      if (clips.length > 0) {
        const stored = await this.store.upsertClips(
          clips.map((c) => ({ ...c, stream: streamOf(c) })),
          this.now(),
        );
        outcome.created += stored.created;
      }
      outcome.sharedAsked = shared.length;
      outcome.sharedFound = clips.length;
    }
    return outcome;
  }

  /** Reads again one request's worth of due clips, once the pace gives the turn. */
  private async refreshDue(
    due: readonly ClipDue[],
    streamOf: ClipStreamMatcher,
    call: HelixCallOptions,
  ): Promise<{ refreshed: number; missing: number; created: number }> {
    await this.pace.nextStep(call.signal);
    const { clips } = await this.helix.clipsById(
      due.map((d) => d.clip_id),
      call,
    );
    const found = new Set(clips.map((c) => c.link.id));
    const gone = due.filter((d) => !found.has(d.clip_id));
    const stored =
      clips.length > 0
        ? await this.store.upsertClips(
            clips.map((c) => ({ ...c, stream: streamOf(c) })),
            this.now(),
          )
        : { created: 0 };
    if (gone.length > 0)
      await this.store.markClipsRead(
        gone.map((d) => d.seq),
        this.now(),
      );
    return { refreshed: clips.length, missing: gone.length, created: stored.created };
  }

  private async resolve(channel: string, call: HelixCallOptions): Promise<string> {
    const id = await this.helix.broadcasterIdOf(channel, call);
    if (id === null) throw new Error(`Twitch has no channel named '${channel}'`);
    return id;
  }

  private isWorthAsking(id: string): boolean {
    const until = this.notFound.get(id);
    if (until === undefined) return true;
    if (until > this.now()) return false;
    this.notFound.delete(id);
    return true;
  }

  private rememberNotFound(id: string): void {
    // The oldest entry goes first when full (a Map keeps insertion order).
    if (this.notFound.size >= NOT_FOUND_MAX) this.notFound.delete(this.notFound.keys().next().value!);
    this.notFound.set(id, this.now() + NOT_FOUND_TTL_MS);
  }
}

/** A Twitch channel as a login: no leading `#`, lower case. */
export function loginOf(channel: string): string {
  return channel.trim().replace(/^#/, '').toLowerCase();
}

function memoryMarks(): ClipSyncMarks {
  let mark: ClipSyncMark | null = null;
  return {
    read: () => Promise.resolve(mark),
    write: (next) => {
      mark = next;
      return Promise.resolve();
    },
  };
}
