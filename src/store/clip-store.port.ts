import type { ClipCapture } from '../core/clip-capture.js';
import type { ClipPlatform } from '../core/clip-link.js';

/** A clip to store: a capture, and the profile's stream it belongs to when that is known. */
export interface ClipUpsert extends ClipCapture {
  stream: string | null;
}

/** A clip as stored: its place in the profile's clips (`seq`, in order of first sight) and its latest counts. */
export interface StoredClip {
  seq: number;
  platform: ClipPlatform;
  clip_id: string;
  url: string;
  title: string;
  creator_platform: string;
  creator_id: string;
  creator_name: string;
  game_id: string | null;
  game_name: string;
  broadcaster_id: string | null;
  broadcaster_name: string | null;
  stream: string | null;
  /** Epoch ms. */
  created_at: number;
  duration: number | null;
  vod_offset: number | null;
  thumbnail_url: string | null;
  view_count: number;
  discord_shares: number;
  discord_reactions: number;
  /** Reactions by emoji, most first. */
  reaction_types: { emoji: string; count: number }[];
  first_seen: number;
  last_updated: number;
}

/** How a batch of clips was taken: those seen for the first time, and those already known. */
export interface ClipUpsertResult {
  created: number;
  updated: number;
}

/** A clip's view count as read at a time (epoch ms). */
export interface ClipViewReading {
  at: number;
  view_count: number;
}

/** A clip link seen in a Discord message (one per message and clip, however often it is linked). */
export interface ClipShare {
  platform: ClipPlatform;
  clip_id: string;
  /** The clip's canonical URL. */
  url: string;
  guild_id: string;
  channel_id: string;
  message_id: string;
  author_id: string;
  author_name: string;
  /** When the message was posted (epoch ms). */
  at: number;
}

/**
 * A reaction change on a Discord message: one user's emoji added or removed (repeating either
 * changes nothing), or every reaction of the message cleared (of one emoji, or all when `emoji`
 * is null). A unicode emoji as itself, a custom one by its name.
 */
export type ClipReactionChange =
  | { kind: 'add' | 'remove'; message_id: string; emoji: string; user_id: string }
  | { kind: 'clear'; message_id: string; emoji: string | null };

/** A clip whose view count is due to be read again. */
export interface ClipDue {
  seq: number;
  clip_id: string;
  created_at: number;
  last_updated: number;
}

/**
 * A profile's clips. A clip is one per platform id whatever link it was shared by; storing it
 * again updates it (title, people, counts) and never duplicates it.
 */
export interface ClipStore {
  /**
   * Stores a batch of clips in one transaction, at `now` (epoch ms): a new clip is appended, a
   * known one takes the batch's values (Discord counts only when given); a view count that changed
   * is added to the clip's readings.
   */
  upsertClips(clips: readonly ClipUpsert[], now: number): Promise<ClipUpsertResult>;
  /** The clips after `seq`, in order, at most `limit`. */
  listClips(after: number, limit: number): Promise<StoredClip[]>;
  /** A clip's view count readings, oldest first (null when there is no such clip). */
  listClipViews(seq: number): Promise<ClipViewReading[] | null>;
  /**
   * Records clip links shared on Discord (again: nothing changes). A share counts for its clip
   * as soon as the clip is stored, whether it was stored before or after.
   */
  recordClipShares(shares: readonly ClipShare[], now: number): Promise<{ recorded: number }>;
  /** The Discord messages that shared a clip, oldest first, at most 1,000 (null when there is no such clip). */
  listClipShares(seq: number): Promise<ClipShare[] | null>;
  /** Messages deleted on Discord: their shares and reactions no longer count. */
  forgetClipShareMessages(messageIds: readonly string[], now: number): Promise<{ removed: number }>;
  /** Applies reaction changes, in order; changes on messages that shared no clip are ignored. */
  applyClipReactions(changes: readonly ClipReactionChange[], now: number): Promise<{ applied: number }>;
  /**
   * Clips of `platform` whose view count is due to be read again at `now` (young clips often,
   * old ones rarely: see `core/clip-refresh.ts`), most overdue first, at most `limit`.
   */
  clipsDueForRefresh(platform: ClipPlatform, now: number, limit: number): Promise<ClipDue[]>;
  /** Marks clips as read at `now` (their platform no longer has them): they fall back in the refresh schedule. */
  markClipsRead(seqs: readonly number[], now: number): Promise<void>;
  /** Clip ids of `platform` shared on Discord but not stored yet, at most `limit`. */
  sharedUnknownClips(platform: ClipPlatform, limit: number): Promise<string[]>;
  /** The clips of a stream made between `from` and `to` (epoch ms, `to` excluded), oldest first. */
  listStreamClips(stream: string, from: number, to: number): Promise<StoredClip[]>;
}
