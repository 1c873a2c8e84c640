import type { ViewerReads } from '../../store/ports.js';
import { followersOf, type StreamFollowers } from './simulated-audience.js';

/** Viewers read per page, and at most this many pages: the demo's followers fit in a few. */
const PAGE = 1000;
const MAX_PAGES = 20;

/**
 * The followers of `streams` as the stored events tell them: every viewer who followed anything in
 * the profile counts as following each of them (the demo streams' audiences do not overlap, so
 * this loses nothing there). Lets a restarted demo not have its past followers follow again.
 * Reads at most `PAGE` x `MAX_PAGES` viewers; throws what `listViewers` throws.
 */
export async function loadStoredFollowers(
  store: Pick<ViewerReads, 'listViewers'>,
  streams: readonly string[],
): Promise<StreamFollowers> {
  const ids: string[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { viewers } = await store.listViewers({ sort: 'followers', limit: PAGE, offset: page * PAGE });
    const following = viewers.filter((v) => v.followers > 0);
    ids.push(...following.map((v) => v.user_id));
    if (following.length < PAGE) break;
  }
  const byStream: StreamFollowers = new Map<string, Set<string>>();
  for (const stream of streams) for (const id of ids) followersOf(byStream, stream).add(id);
  return byStream;
}
