import { describe, expect, test } from 'vitest';
import { emptyCounters } from '../../core/counters.js';
import type { ViewerQuery, ViewerSummary } from '../../store/ports.js';
import { loadStoredFollowers } from './stored-followers.js';

/** Stored viewers, served the way `listViewers` sorted by followers serves them. */
function storeOf(followers: readonly number[]) {
  const viewers: ViewerSummary[] = followers.map((f, i) => ({
    ...emptyCounters(),
    followers: f,
    user_id: `u${i}`,
    first_seen: 0,
    last_seen: 0,
    events: 1,
    name: `u${i}`,
    display: null,
    name_seq: 0,
    sessions: 1,
  }));
  const sorted = [...viewers].sort((a, b) => b.followers - a.followers);
  const queries: ViewerQuery[] = [];
  const store = {
    listViewers: (query: ViewerQuery) => {
      queries.push(query);
      const page = sorted.slice(query.offset, query.offset + query.limit);
      return Promise.resolve({ viewers: page, total: sorted.length });
    },
  };
  return { store, queries };
}

describe('loadStoredFollowers', () => {
  test('gives each stream every viewer who followed, and nobody who did not', async () => {
    const { store } = storeOf([0, 1, 0, 2, 1]);
    const byStream = await loadStoredFollowers(store, ['a', 'b']);
    expect(byStream.get('a')).toEqual(new Set(['u1', 'u3', 'u4']));
    expect(byStream.get('b')).toEqual(new Set(['u1', 'u3', 'u4']));
  });

  test('reads page after page until a viewer without a follow', async () => {
    const { store, queries } = storeOf([...Array<number>(2500).fill(1), ...Array<number>(10).fill(0)]);
    const byStream = await loadStoredFollowers(store, ['a']);
    expect(byStream.get('a')?.size).toBe(2500);
    expect(queries.map((q) => [q.sort, q.offset])).toEqual([
      ['followers', 0],
      ['followers', 1000],
      ['followers', 2000],
    ]);
  });
});
