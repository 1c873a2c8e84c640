import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseClipBatch, type ClipCapture } from '../../../../src/core/clip-capture.js';
import type { ClipUpsert, StoreEngine } from '../../../../src/store/ports.js';
import type { EngineHarness } from './profile-store.contract.js';
import { GAP } from './random-batches.contract.js';

const T = Date.UTC(2026, 10, 20, 12);
const SLUG = 'AwkwardHelplessSalamanderSwiftRage';

/** Captures in the push shape, parsed as the API parses them. */
function captures(raw: Record<string, unknown>[]): ClipUpsert[] {
  const result = parseClipBatch(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.clips.map((c: ClipCapture) => ({ ...c, stream: null }));
}

const base = {
  url: `https://clips.twitch.tv/${SLUG}`,
  title: 'first title',
  creator_name: 'BlackNova03',
  creator_id: '53834192',
  game_name: 'Just Chatting',
  created_at: '2026-11-19T22:34:18Z',
  view_count: 10,
};

/** A profile's clips, run against each engine. */
export function runClipStoreContract(harness: EngineHarness): void {
  describe(`clips: ${harness.name}`, () => {
    let engine: StoreEngine;
    beforeEach(async () => {
      engine = await harness.create(GAP);
      await engine.system.createProfile({ id: 'p1', name: 'P1' });
      await engine.system.createProfile({ id: 'p2', name: 'P2' });
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    test('a clip stored again, by any of its links, is updated and never duplicated; its view counts are kept as read', async () => {
      const store = await engine.openProfile('p1');
      expect(
        await store.upsertClips(
          captures([
            {
              ...base,
              game_id: '509658',
              duration: 30,
              thumbnail_url: 'https://example.com/t.jpg',
              discord_shares: 2,
            },
            { ...base, url: 'https://youtube.com/shorts/dQw4w9WgXcQ', view_count: 3 },
          ]),
          T,
        ),
      ).toEqual({ created: 2, updated: 0 });
      // The same clip by its channel link: new title and views; what the capture leaves out is kept.
      expect(
        await store.upsertClips(
          captures([
            {
              ...base,
              url: `https://www.twitch.tv/chewiemelodies/clip/${SLUG}`,
              title: 'renamed',
              view_count: 25,
            },
          ]),
          T + 60_000,
        ),
      ).toEqual({ created: 0, updated: 1 });
      // Stored again with the same count: no new reading.
      await store.upsertClips(captures([{ ...base, title: 'renamed', view_count: 25 }]), T + 120_000);
      const clips = await store.listClips(0, 10);
      expect(clips).toHaveLength(2);
      expect(clips[0]).toEqual({
        seq: 1,
        platform: 'twitch',
        clip_id: SLUG,
        url: `https://clips.twitch.tv/${SLUG}`,
        title: 'renamed',
        creator_platform: 'twitch',
        creator_id: '53834192',
        creator_name: 'BlackNova03',
        game_id: '509658',
        game_name: 'Just Chatting',
        broadcaster_id: null,
        broadcaster_name: null,
        stream: null,
        created_at: Date.UTC(2026, 10, 19, 22, 34, 18),
        duration: 30,
        vod_offset: null,
        thumbnail_url: 'https://example.com/t.jpg',
        view_count: 25,
        discord_shares: 2,
        discord_reactions: 0,
        reaction_types: [],
        first_seen: T,
        last_updated: T + 120_000,
      });
      expect(clips[1]).toMatchObject({ seq: 2, platform: 'youtube', clip_id: 'dQw4w9WgXcQ', view_count: 3 });
      expect(await store.listClipViews(1)).toEqual([
        { at: T, view_count: 10 },
        { at: T + 60_000, view_count: 25 },
      ]);
      expect(await store.listClipViews(99)).toBeNull();
    });

    test('reactions by emoji are replaced when given and kept when not; their sum is the total when none is given', async () => {
      const store = await engine.openProfile('p1');
      await store.upsertClips(
        captures([{ ...base, reaction_types: JSON.parse('{"🔥": 2, "👍": 5, "__proto__": 1}') as unknown }]),
        T,
      );
      expect((await store.listClips(0, 1))[0]).toMatchObject({
        discord_reactions: 8,
        reaction_types: [
          { emoji: '👍', count: 5 },
          { emoji: '🔥', count: 2 },
          { emoji: '__proto__', count: 1 },
        ],
      });
      await store.upsertClips(captures([{ ...base, view_count: 11 }]), T + 1);
      expect((await store.listClips(0, 1))[0]!.reaction_types).toHaveLength(3);
      await store.upsertClips(
        captures([{ ...base, discord_reactions: 9, reaction_types: { '🔥': 9 } }]),
        T + 2,
      );
      expect((await store.listClips(0, 1))[0]).toMatchObject({
        discord_reactions: 9,
        reaction_types: [{ emoji: '🔥', count: 9 }],
      });
    });

    test('pages in order of first sight, and each profile sees only its own clips', async () => {
      const store = await engine.openProfile('p1');
      const shorts = Array.from({ length: 7 }, (_, i) => ({
        ...base,
        url: `https://youtube.com/shorts/aaaaaaaaa${String(i).padStart(2, '0')}`,
      }));
      await store.upsertClips(captures(shorts.slice(0, 4)), T);
      await store.upsertClips(captures(shorts.slice(2)), T + 1);
      const page = await store.listClips(0, 3);
      const rest = await store.listClips(page[page.length - 1]!.seq, 10);
      expect([...page, ...rest].map((c) => [c.seq, c.clip_id])).toEqual(
        shorts.map((s, i) => [i + 1, s.url.slice(-11)]),
      );
      expect(await (await engine.openProfile('p2')).listClips(0, 10)).toEqual([]);
    });

    test('any batches of clips: as many stored as distinct clips, each once, with the last view count given', async () => {
      const ids = ['aaaaaaaaaaa', 'bbbbbbbbbbb', 'ccccccccccc', 'ddddddddddd'];
      const one = fc.record({ id: fc.constantFrom(...ids), views: fc.nat(1000) });
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(one, { minLength: 1, maxLength: 5 }), { maxLength: 6 }),
          async (batches) => {
            await engine.dropProfile('p1');
            const store = await engine.openProfile('p1');
            const last = new Map<string, number>();
            let at = T;
            for (const batch of batches) {
              await store.upsertClips(
                captures(
                  batch.map((c) => ({
                    ...base,
                    url: `https://youtube.com/shorts/${c.id}`,
                    view_count: c.views,
                  })),
                ),
                (at += 1000),
              );
              for (const c of batch) last.set(c.id, c.views);
            }
            const stored = await store.listClips(0, 100);
            expect(new Map(stored.map((c) => [c.clip_id, c.view_count]))).toEqual(last);
            expect(stored.map((c) => c.seq)).toEqual(stored.map((_, i) => i + 1));
          },
        ),
        { numRuns: 15 },
      );
    }, 60_000);
  });
}
