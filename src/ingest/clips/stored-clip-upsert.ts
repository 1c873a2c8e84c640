import { parseClipLink } from '../../core/clip-link.js';
import type { ClipUpsert, StoredClip } from '../../store/ports.js';

/**
 * A stored clip as an upsert that stores it again as it is (its Discord counts left out, so they
 * stay): only its last update moves. Null when its URL is no longer a clip link.
 */
export function storedClipAsUpsert(clip: StoredClip): ClipUpsert | null {
  const link = parseClipLink(clip.url);
  if (!link) return null;
  return {
    link,
    title: clip.title,
    creator: { id: clip.creator_id, name: clip.creator_name },
    game: { id: clip.game_id, name: clip.game_name },
    broadcaster:
      clip.broadcaster_id === null ? null : { id: clip.broadcaster_id, name: clip.broadcaster_name ?? '' },
    created_at: clip.created_at,
    view_count: clip.view_count,
    duration: clip.duration,
    vod_offset: clip.vod_offset,
    thumbnail_url: clip.thumbnail_url,
    discord: { shares: null, reactions: null, reaction_types: null },
    stream: clip.stream,
  };
}
