import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseClipBatch } from '../../../../src/core/clip-capture.js';
import type { ClipShare, ClipUpsert, ProfileStore, StoreEngine } from '../../../../src/store/ports.js';
import type { EngineHarness } from './profile-store.contract.js';
import { GAP } from './random-batches.contract.js';

const NOW = Date.UTC(2026, 11, 7, 12);
const DAY = 86_400_000;

interface ClipSpec {
  slug: string;
  creator?: string;
  game?: string;
  views?: number;
  at?: number;
  shares?: number;
  stream?: string | null;
  vod_offset?: number;
}

/** Twitch clips in the push shape, parsed as the API parses them. */
function clips(specs: ClipSpec[]): ClipUpsert[] {
  const result = parseClipBatch(
    specs.map((s) => ({
      url: `https://clips.twitch.tv/${s.slug}`,
      title: `clip ${s.slug}`,
      creator_name: s.creator ?? 'ann',
      creator_id: `id-${s.creator ?? 'ann'}`,
      game_name: s.game ?? 'Chess',
      created_at: new Date(s.at ?? NOW - DAY).toISOString(),
      view_count: s.views ?? 1,
      ...(s.shares === undefined ? {} : { discord_shares: s.shares }),
      ...(s.vod_offset === undefined ? {} : { vod_offset: s.vod_offset }),
    })),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.clips.map((c, i) => ({ ...c, stream: specs[i]!.stream ?? null }));
}

function share(slug: string, message: string, at = NOW): ClipShare {
  return {
    platform: 'twitch',
    clip_id: slug,
    url: `https://clips.twitch.tv/${slug}`,
    guild_id: '1',
    channel_id: '2',
    message_id: message,
    author_id: '3',
    author_name: 'sharer',
    at,
  };
}

const allTime = { period_type: 'all_time', period_start: 0 } as const;

/** Clip analytics and Discord counts of a profile, run against each engine. */
export function runClipAnalyticsContract(harness: EngineHarness): void {
  describe(`clip analytics: ${harness.name}`, () => {
    let engine: StoreEngine;
    let store: ProfileStore;
    beforeEach(async () => {
      engine = await harness.create(GAP);
      await engine.system.createProfile({ id: 'p1', name: 'P1' });
      store = await engine.openProfile('p1');
    });
    afterEach(async () => {
      await engine.close();
      await harness.cleanup();
    });

    async function clip(slug: string) {
      const all = await store.listClips(0, 1000);
      return all.find((c) => c.clip_id === slug)!;
    }

    test('Discord shares and reactions counted by the bot rise and fall, and count for a clip stored after it was shared', async () => {
      // Shared twice before the clip is known: nothing to count yet, but remembered.
      expect(await store.recordClipShares([share('Early', 'm1'), share('Early', 'm2')], NOW)).toEqual({
        recorded: 2,
      });
      expect(await store.recordClipShares([share('Early', 'm1')], NOW)).toEqual({ recorded: 0 });
      expect(await store.sharedUnknownClips('twitch', 10)).toEqual(['Early']);
      await store.upsertClips(clips([{ slug: 'Early' }]), NOW);
      expect(await store.sharedUnknownClips('twitch', 10)).toEqual([]);
      expect((await clip('Early')).discord_shares).toBe(2);
      const early0 = await clip('Early');
      expect(
        (await store.listClipShares(early0.seq))!.map((s) => [s.message_id, s.author_name, s.guild_id]),
      ).toEqual([
        ['m1', 'sharer', '1'],
        ['m2', 'sharer', '1'],
      ]);
      expect(await store.listClipShares(early0.seq + 100)).toBeNull();

      const react = (kind: 'add' | 'remove', message: string, emoji: string, user: string) =>
        store.applyClipReactions([{ kind, message_id: message, emoji, user_id: user }], NOW);
      expect(await react('add', 'm1', '🔥', 'u1')).toEqual({ applied: 1 });
      expect(await react('add', 'm1', '🔥', 'u1')).toEqual({ applied: 0 });
      await react('add', 'm2', '🔥', 'u2');
      await react('add', 'm2', 'PogChamp', 'u2');
      expect(await react('add', 'unknown-message', '🔥', 'u3')).toEqual({ applied: 0 });
      let early = await clip('Early');
      expect(early.discord_reactions).toBe(3);
      expect(early.reaction_types).toEqual([
        { emoji: '🔥', count: 2 },
        { emoji: 'PogChamp', count: 1 },
      ]);
      expect((await store.clipOverview('UTC', allTime, null)).discord_reactions).toBe(3);

      await react('remove', 'm1', '🔥', 'u1');
      expect((await clip('Early')).discord_reactions).toBe(2);
      await store.applyClipReactions([{ kind: 'clear', message_id: 'm2', emoji: 'PogChamp' }], NOW);
      expect((await clip('Early')).reaction_types).toEqual([{ emoji: '🔥', count: 1 }]);
      expect(await store.forgetClipShareMessages(['m2'], NOW)).toEqual({ removed: 1 });
      early = await clip('Early');
      expect([early.discord_shares, early.discord_reactions]).toEqual([1, 0]);
      const overview = await store.clipOverview('UTC', allTime, null);
      expect([overview.discord_shares, overview.discord_reactions]).toEqual([1, 0]);
    });

    test("a tool's pushed Discord total and the bot's count are not added up: the larger one counts", async () => {
      await store.upsertClips(clips([{ slug: 'Pushed', shares: 5 }]), NOW);
      await store.recordClipShares([share('Pushed', 'm1'), share('Pushed', 'm2')], NOW);
      expect((await clip('Pushed')).discord_shares).toBe(5);
      await store.upsertClips(clips([{ slug: 'Pushed', shares: 1 }]), NOW);
      expect((await clip('Pushed')).discord_shares).toBe(2);
      expect((await store.topClipCreators('UTC', allTime, 5))[0]!.discord_shares).toBe(2);
    });

    test('young clips are due for a view count refresh sooner than old ones, youngest first', async () => {
      await store.upsertClips(
        clips([
          { slug: 'Young', at: NOW - 3_600_000 },
          { slug: 'Week', at: NOW - 3 * DAY },
          { slug: 'Old', at: NOW - 300 * DAY },
        ]),
        NOW,
      );
      expect(await store.clipsDueForRefresh('twitch', NOW + 10 * 60_000, 10)).toEqual([]);
      const due = async (at: number) =>
        (await store.clipsDueForRefresh('twitch', at, 10)).map((c) => c.clip_id);
      expect(await due(NOW + 20 * 60_000)).toEqual(['Young']);
      expect(await due(NOW + 3 * 3_600_000)).toEqual(['Young', 'Week']);
      expect(await due(NOW + 8 * DAY)).toEqual(['Young', 'Week', 'Old']);
      expect(await store.clipsDueForRefresh('youtube', NOW + 8 * DAY, 10)).toEqual([]);
    });

    test("lists a stream's clips of a time range, and the most viewed clips of a period in order", async () => {
      await store.upsertClips(
        clips([
          { slug: 'A', stream: 's1', at: NOW - 5000, views: 50 },
          { slug: 'B', stream: 's1', at: NOW - 1000, views: 500 },
          { slug: 'C', stream: 's2', at: NOW - 2000, views: 5 },
          { slug: 'D', stream: 's1', at: NOW - 40 * DAY, views: 5000 },
        ]),
        NOW,
      );
      expect((await store.listStreamClips('s1', NOW - DAY, NOW)).map((c) => c.clip_id)).toEqual(['A', 'B']);
      const today = { period_type: 'day', period_start: Date.UTC(2026, 11, 7) } as const;
      const viral = async (
        period: { period_type: 'day' | 'all_time'; period_start: number },
        min: number,
        n: number,
      ) => (await store.viralClips('UTC', period, min, n)).map((c) => c.clip_id);
      expect(await viral(today, 10, 10)).toEqual(['B', 'A']);
      expect(await viral(allTime, 100, 1)).toEqual(['D']);
      // Views that grow move a clip up its period's ranking.
      await store.upsertClips(clips([{ slug: 'A', stream: 's1', at: NOW - 5000, views: 800 }]), NOW);
      expect(await viral(today, 10, 10)).toEqual(['A', 'B']);
      expect(await viral(allTime, 0, 2)).toEqual(['D', 'A']);
    });

    test("creators and games per period in the profile's time zone: counts, views, unique counts, their best", async () => {
      const monday = Date.UTC(2026, 11, 7, 0, 30); // Monday 01:30 in Berlin, Sunday 19:30 in New York
      await store.upsertClips(
        clips([
          { slug: 'A', creator: 'ann', game: 'Chess', views: 10, at: monday },
          { slug: 'B', creator: 'ann', game: 'Chess', views: 30, at: monday + 3_600_000 },
          { slug: 'C', creator: 'ann', game: 'Golf', views: 5, at: monday - 10 * DAY },
          { slug: 'D', creator: 'bob', game: 'Chess', views: 100, at: monday - 40 * DAY },
        ]),
        NOW,
      );
      const week = { period_type: 'week', period_start: Date.UTC(2026, 11, 6, 23) } as const;
      const creators = await store.topClipCreators('Europe/Berlin', week, 10);
      expect(creators).toEqual([
        expect.objectContaining({
          creator_name: 'ann',
          clip_count: 2,
          total_views: 40,
          unique_games: 1,
          top_game: 'Chess',
        }),
      ]);
      const all = await store.topClipCreators('Europe/Berlin', allTime, 10);
      expect(all.map((c) => [c.creator_name, c.clip_count, c.unique_games, c.top_game])).toEqual([
        ['ann', 3, 2, 'Chess'],
        ['bob', 1, 1, 'Chess'],
      ]);
      const games = await store.topClipGames('Europe/Berlin', allTime, 10);
      expect(
        games.map((g) => [g.game_name, g.clip_count, g.total_views, g.unique_creators, g.top_clip?.clip_id]),
      ).toEqual([
        ['Chess', 3, 140, 2, 'D'],
        ['Golf', 1, 5, 1, 'C'],
      ]);
      const overview = await store.clipOverview('Europe/Berlin', allTime, null);
      expect(overview).toMatchObject({
        clip_count: 4,
        total_views: 145,
        unique_creators: 2,
        unique_games: 2,
        first_created: monday - 40 * DAY,
        last_created: monday + 3_600_000,
        top_game: { name: 'Chess', clip_count: 3 },
        top_creator: { name: 'ann', clip_count: 3 },
      });
      // Local days: A and B on Monday 7 December in Berlin.
      const days = await store.clipTimeline(
        'Europe/Berlin',
        'day',
        Date.UTC(2026, 11, 1),
        Date.UTC(2026, 11, 8),
      );
      expect(days.map((d) => [d.period_start, d.clip_count, d.total_views])).toEqual([
        [Date.UTC(2026, 11, 6, 23), 2, 40],
      ]);
      const peak = await store.clipPeakTimes('Europe/Berlin');
      expect(peak).toContainEqual({ weekday: 0, hour: 1, clip_count: 1, total_views: 10 });
      // Another time zone: the aggregates are rebuilt in it (Sunday evening in New York).
      const peakNy = await store.clipPeakTimes('America/New_York');
      expect(peakNy).toContainEqual({ weekday: 6, hour: 19, clip_count: 1, total_views: 10 });
      const { stored, recomputed } = await store.checkClipAggregates();
      expect(stored).toEqual(recomputed);
    });

    test('a game whose best clip loses views, or moves to another game, finds its next best', async () => {
      await store.upsertClips(
        clips([
          { slug: 'A', game: 'Chess', views: 100 },
          { slug: 'B', game: 'Chess', views: 50 },
        ]),
        NOW,
      );
      const best = async () =>
        (await store.topClipGames('UTC', allTime, 5)).map((g) => [g.game_name, g.top_clip?.clip_id]);
      expect(await best()).toEqual([['Chess', 'A']]);
      await store.upsertClips(clips([{ slug: 'A', game: 'Chess', views: 10 }]), NOW);
      expect(await best()).toEqual([['Chess', 'B']]);
      await store.upsertClips(clips([{ slug: 'B', game: 'Golf', views: 50 }]), NOW);
      expect(await best()).toEqual([
        ['Golf', 'B'],
        ['Chess', 'A'],
      ]);
    });

    test('any writes of clips, shares and reactions keep the aggregates equal to a recomputation, and a rebuild gives the same', async () => {
      const slug = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F');
      const spec = fc.record({
        slug,
        creator: fc.constantFrom('ann', 'bob', 'cid'),
        game: fc.constantFrom('Chess', 'Golf', ''),
        views: fc.nat(1000),
        at: fc.integer({ min: NOW - 90 * DAY, max: NOW }),
        shares: fc.option(fc.nat(5), { nil: undefined }),
      });
      const op = fc.oneof(
        fc.record({
          kind: fc.constant('upsert' as const),
          specs: fc.array(spec, { minLength: 1, maxLength: 4 }),
        }),
        fc.record({ kind: fc.constant('share' as const), slug, message: fc.constantFrom('m1', 'm2', 'm3') }),
        fc.record({
          kind: fc.constantFrom('add' as const, 'remove' as const),
          message: fc.constantFrom('m1', 'm2', 'm3'),
          emoji: fc.constantFrom('🔥', 'LUL'),
          user: fc.constantFrom('u1', 'u2'),
        }),
        fc.record({ kind: fc.constant('forget' as const), message: fc.constantFrom('m1', 'm2', 'm3') }),
      );
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          run += 1;
          const profile = `r${run}`;
          await engine.system.createProfile({ id: profile, name: profile });
          const s = await engine.openProfile(profile);
          for (const o of ops) {
            if (o.kind === 'upsert') await s.upsertClips(clips(o.specs), NOW);
            else if (o.kind === 'share') await s.recordClipShares([share(o.slug, o.message)], NOW);
            else if (o.kind === 'forget') await s.forgetClipShareMessages([o.message], NOW);
            else {
              await s.applyClipReactions(
                [{ kind: o.kind, message_id: o.message, emoji: o.emoji, user_id: o.user }],
                NOW,
              );
            }
          }
          const kept = await s.checkClipAggregates();
          expect(kept.stored).toEqual(kept.recomputed);
          await s.rebuildClipAggregates('Asia/Kolkata');
          const rebuilt = await s.checkClipAggregates();
          expect(rebuilt.stored).toEqual(rebuilt.recomputed);
        }),
        { numRuns: 25 },
      );
    });
  });
}
