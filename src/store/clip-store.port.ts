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
}
