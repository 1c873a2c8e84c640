import type { StoredClip } from './clip-store.port.js';

/** The columns of a clips row both engines write (`first_seen` only when it is inserted). */
export const CLIP_COLUMNS = [
  'seq',
  'platform',
  'clip_id',
  'url',
  'title',
  'creator_platform',
  'creator_id',
  'creator_name',
  'game_id',
  'game_name',
  'broadcaster_id',
  'broadcaster_name',
  'stream',
  'created_at',
  'duration',
  'vod_offset',
  'thumbnail_url',
  'view_count',
  'discord_shares',
  'discord_reactions',
  'last_updated',
] as const;

/**
 * Columns a capture may leave out: a clip stored again without them keeps what it had (a tool
 * that does not pass the Helix extras, or Discord counts, erases nothing).
 */
export const KEEP_UNLESS_GIVEN: ReadonlySet<string> = new Set([
  'game_id',
  'game_name',
  'broadcaster_id',
  'broadcaster_name',
  'stream',
  'duration',
  'vod_offset',
  'thumbnail_url',
  'discord_shares',
  'discord_reactions',
]);

export interface ClipReactionRow {
  clip_seq: number;
  emoji: string;
  count: number;
}

/** Clips rows (in order) with their reactions, most first, as the store answers them. */
export function toStoredClip(
  rows: readonly Omit<StoredClip, 'reaction_types'>[],
  reactions: readonly ClipReactionRow[],
): StoredClip[] {
  const byClip = new Map<number, { emoji: string; count: number }[]>();
  for (const r of reactions) {
    const seq = Number(r.clip_seq);
    let list = byClip.get(seq);
    if (!list) byClip.set(seq, (list = []));
    list.push({ emoji: r.emoji, count: Number(r.count) });
  }
  return rows.map((row) => ({
    ...row,
    reaction_types: (byClip.get(Number(row.seq)) ?? []).sort(
      (a, b) => b.count - a.count || (a.emoji < b.emoji ? -1 : a.emoji > b.emoji ? 1 : 0),
    ),
  }));
}
