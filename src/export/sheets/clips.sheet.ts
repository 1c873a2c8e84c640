import type { StoredClip } from '../../store/ports.js';
import { PAGE_ROWS, type ExportColumn, type ExportRow, type ExportSheet } from '../export-sheet.js';

const columns: ExportColumn[] = [
  { key: 'seq', header: 'Clip', type: 'number' },
  { key: 'platform', header: 'Platform', type: 'text' },
  { key: 'clip_id', header: 'Clip id', type: 'text' },
  { key: 'title', header: 'Title', type: 'text' },
  { key: 'url', header: 'URL', type: 'text' },
  { key: 'creator_name', header: 'Creator', type: 'text' },
  { key: 'creator_id', header: 'Creator id', type: 'text' },
  { key: 'game_name', header: 'Game', type: 'text' },
  { key: 'broadcaster_name', header: 'Broadcaster', type: 'text' },
  { key: 'stream', header: 'Stream', type: 'text' },
  { key: 'created_at', header: 'Created', type: 'date' },
  { key: 'duration', header: 'Duration (s)', type: 'number' },
  { key: 'vod_offset', header: 'VOD offset (s)', type: 'number' },
  { key: 'view_count', header: 'Views', type: 'number' },
  { key: 'discord_shares', header: 'Discord shares', type: 'number' },
  { key: 'discord_reactions', header: 'Discord reactions', type: 'number' },
  { key: 'reaction_types', header: 'Reactions by emoji', type: 'text' },
  { key: 'first_seen', header: 'First seen', type: 'date' },
  { key: 'last_updated', header: 'Last updated', type: 'date' },
];

function clipRow(c: StoredClip): ExportRow {
  return [
    c.seq,
    c.platform,
    c.clip_id,
    c.title,
    c.url,
    c.creator_name,
    c.creator_id,
    c.game_name,
    c.broadcaster_name,
    c.stream,
    c.created_at,
    c.duration,
    c.vod_offset,
    c.view_count,
    c.discord_shares,
    c.discord_reactions,
    c.reaction_types.map((r) => `${r.emoji} ${r.count}`).join(', '),
    c.first_seen,
    c.last_updated,
  ];
}

/**
 * Clips: those created in the range, in the order they were first seen. The clips are paged by
 * their seq (a profile holds far fewer clips than events) and the range is applied to each page.
 */
export const clipsSheet: ExportSheet = {
  key: 'clips',
  name: 'Clips',
  columns,
  async *pages({ store, from, to, signal }) {
    for (let after = 0; ;) {
      signal.throwIfAborted();
      const page = await store.listClips(after, PAGE_ROWS);
      const rows = page.filter((c) => c.created_at >= from && c.created_at < to).map(clipRow);
      if (rows.length > 0) yield rows;
      if (page.length < PAGE_ROWS) return;
      after = page.at(-1)!.seq;
    }
  },
};
