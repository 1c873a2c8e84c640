import { clipKey } from '../core/clip-link.js';
import type { ClipUpsert, ClipUpsertResult, StoredClip } from './clip-store.port.js';

/** A clip already stored, as a batch needs to know it. */
export interface KnownClip {
  seq: number;
  view_count: number;
}

/**
 * A clips row to insert or to update (by platform and clip id): every column but the first sight,
 * with null where a capture gave nothing (the stored value is kept; a new clip's is empty).
 */
export type ClipRow = Omit<
  StoredClip,
  'reaction_types' | 'first_seen' | 'game_name' | 'discord_shares' | 'discord_reactions'
> & {
  game_name: string | null;
  discord_shares: number | null;
  discord_reactions: number | null;
};

/** What a batch writes, in both engines: rows, view readings, reaction counts to replace. */
export interface ClipWrites {
  /** Rows of clips not stored yet, with new seqs in order, and their first sight. */
  inserts: (ClipRow & {
    game_name: string;
    discord_shares: number;
    discord_reactions: number;
    first_seen: number;
  })[];
  updates: ClipRow[];
  views: { clip_seq: number; at: number; view_count: number }[];
  /** Clips whose reactions the batch gives: their stored ones are replaced by these. */
  reactions: { clip_seq: number; emoji: string; count: number }[];
  reactionsOf: number[];
  result: ClipUpsertResult;
}

/**
 * What storing `clips` (distinct) at `now` writes, given those already `known` (by clip key) and
 * the next free seq: new clips are appended in order; a view count is read when a clip is first
 * seen or when its count changed; reactions are replaced only where the batch gives them. Stored
 * Discord totals without reactions by emoji keep the total as given.
 */
export function planClipWrites(
  clips: readonly ClipUpsert[],
  known: ReadonlyMap<string, KnownClip>,
  nextSeq: number,
  now: number,
): ClipWrites {
  const writes: ClipWrites = {
    inserts: [],
    updates: [],
    views: [],
    reactions: [],
    reactionsOf: [],
    result: { created: 0, updated: 0 },
  };
  let seq = nextSeq;
  for (const clip of clips) {
    const stored = known.get(clipKey(clip.link));
    const row = toRow(clip, stored?.seq ?? seq, now);
    if (stored) {
      writes.updates.push(row);
      writes.result.updated += 1;
      if (stored.view_count !== clip.view_count) writes.views.push(reading(row, now));
    } else {
      writes.inserts.push({
        ...row,
        game_name: row.game_name ?? '',
        discord_shares: row.discord_shares ?? 0,
        discord_reactions: row.discord_reactions ?? 0,
        first_seen: now,
      });
      writes.result.created += 1;
      writes.views.push(reading(row, now));
      seq += 1;
    }
    const types = clip.discord.reaction_types;
    if (types !== null) {
      writes.reactionsOf.push(row.seq);
      for (const { emoji, count } of types)
        if (count > 0) writes.reactions.push({ clip_seq: row.seq, emoji, count });
    }
  }
  return writes;
}

function toRow(clip: ClipUpsert, seq: number, now: number): ClipRow {
  const types = clip.discord.reaction_types;
  return {
    seq,
    platform: clip.link.platform,
    clip_id: clip.link.id,
    url: clip.link.url,
    title: clip.title,
    creator_platform: clip.link.platform,
    creator_id: clip.creator.id,
    creator_name: clip.creator.name,
    game_id: clip.game.id,
    game_name: clip.game.name,
    broadcaster_id: clip.broadcaster?.id ?? null,
    broadcaster_name: clip.broadcaster?.name ?? null,
    stream: clip.stream,
    created_at: clip.created_at,
    duration: clip.duration,
    vod_offset: clip.vod_offset,
    thumbnail_url: clip.thumbnail_url,
    view_count: clip.view_count,
    discord_shares: clip.discord.shares,
    // Without a total, the reactions by emoji give it.
    discord_reactions:
      clip.discord.reactions ?? (types === null ? null : types.reduce((n, t) => n + t.count, 0)),
    last_updated: now,
  };
}

function reading(row: ClipRow, now: number) {
  return { clip_seq: row.seq, at: now, view_count: row.view_count };
}
