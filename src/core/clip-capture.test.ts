import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_REPORTED_ISSUES } from './errors.js';
import { parseClipBatch } from './clip-capture.js';

// The seed's capture of a Twitch clip, with values of Helix's Get Clips example
// (test/fixtures/real/twitch-helix/twitch_api-rs-get_clips-1.json).
const captured = {
  url: 'https://clips.twitch.tv/AwkwardHelplessSalamanderSwiftRage',
  title: 'A title',
  creator_name: 'BlackNova03',
  creator_id: '53834192',
  game_name: 'Just Chatting',
  game_id: '488191',
  created_at: '2017-11-30T22:34:18Z',
  view_count: 10,
};

describe('parseClipBatch', () => {
  test("the seed's shape, normalised: the clip's link, its people and its counts", () => {
    const result = parseClipBatch([
      { ...captured, discord_shares: 3, discord_reactions: 7, reaction_types: { '🔥': 5, '👍': 2 } },
    ]);
    expect(result).toEqual({
      ok: true,
      clips: [
        {
          link: {
            platform: 'twitch',
            id: 'AwkwardHelplessSalamanderSwiftRage',
            url: 'https://clips.twitch.tv/AwkwardHelplessSalamanderSwiftRage',
            kind: 'twitch-clip',
          },
          title: 'A title',
          creator: { id: '53834192', name: 'BlackNova03' },
          game: { id: '488191', name: 'Just Chatting' },
          broadcaster: null,
          created_at: Date.UTC(2017, 10, 30, 22, 34, 18),
          view_count: 10,
          duration: null,
          vod_offset: null,
          thumbnail_url: null,
          discord: {
            shares: 3,
            reactions: 7,
            reaction_types: [
              { emoji: '🔥', count: 5 },
              { emoji: '👍', count: 2 },
            ],
          },
        },
      ],
    });
  });

  test('a Helix Get Clips item passed along as it came is taken, with its extra fields', () => {
    const result = parseClipBatch([
      {
        ...captured,
        id: 'AwkwardHelplessSalamanderSwiftRage',
        embed_url: 'https://clips.twitch.tv/embed?clip=AwkwardHelplessSalamanderSwiftRage',
        broadcaster_id: '67955580',
        broadcaster_name: 'ChewieMelodies',
        video_id: '205586603',
        vod_offset: 1957,
        duration: 30.2,
        thumbnail_url: 'https://clips-media-assets.twitch.tv/157589949-preview-480x272.jpg',
        language: 'en',
        is_featured: false,
      },
    ]);
    expect(result.ok && result.clips[0]).toMatchObject({
      broadcaster: { id: '67955580', name: 'ChewieMelodies' },
      vod_offset: 1957,
      duration: 30.2,
    });
  });

  test("the same clip shared three ways is one clip, with the last capture's counts", () => {
    const result = parseClipBatch([
      { ...captured, view_count: 1 },
      {
        ...captured,
        url: 'https://www.twitch.tv/chewiemelodies/clip/AwkwardHelplessSalamanderSwiftRage',
        view_count: 2,
      },
      {
        ...captured,
        url: 'https://clips.twitch.tv/embed?clip=AwkwardHelplessSalamanderSwiftRage',
        view_count: 3,
      },
    ]);
    expect(result.ok && result.clips.map((c) => c.view_count)).toEqual([3]);
  });

  test('an emoji named like an object property is a reaction like any other', () => {
    const raw = JSON.parse(
      `{"url":"${captured.url}","title":"","creator_name":"c","creator_id":7,"game_name":"","created_at":1700000000000,"view_count":0,"reaction_types":{"__proto__":3,"constructor":1}}`,
    ) as unknown;
    const result = parseClipBatch([raw]);
    expect(result.ok && result.clips[0]!.discord.reaction_types).toEqual([
      { emoji: '__proto__', count: 3 },
      { emoji: 'constructor', count: 1 },
    ]);
  });

  test('every problem of every clip is listed, with its index and field, and nothing is taken', () => {
    const result = parseClipBatch([
      captured,
      { ...captured, url: 'https://www.twitch.tv/someone', view_count: -1, extra: true },
      { ...captured, created_at: '2017-11-30', reaction_types: { '🔥': 1.5, '': 1 } },
      7,
    ]);
    expect(result).toEqual({
      ok: false,
      total: 7,
      issues: [
        {
          index: 1,
          field: 'url',
          message: 'is not a clip link (Twitch clip, YouTube clip or Short, TikTok video)',
        },
        { index: 1, field: 'view_count', message: expect.any(String) },
        { index: 1, field: 'extra', message: 'is not a known field' },
        { index: 2, field: 'created_at', message: expect.stringContaining('ISO-8601') },
        { index: 2, field: 'reaction_types.🔥', message: 'must be a whole number of reactions, 0 or more' },
        { index: 2, field: 'reaction_types.', message: 'is not an emoji name (1-100 characters, no NUL)' },
        { index: 3, field: '(clip)', message: expect.any(String) },
      ],
    });
  });

  test('a huge invalid batch lists its first problems and counts them all', () => {
    const result = parseClipBatch(Array.from({ length: 5000 }, () => ({ url: 1 })));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toHaveLength(MAX_REPORTED_ISSUES);
      expect(result.total).toBeGreaterThan(5000);
    }
  });

  test('any JSON, and the capture with any value in any field: an answer, never a throw', () => {
    const fields = Object.keys(captured).concat('reaction_types', 'vod_offset', 'duration');
    const mangled = fc
      .tuple(fc.constantFrom(...fields), fc.jsonValue())
      .map(([field, value]) => ({ ...captured, [field]: value }));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.jsonValue(), mangled)), (batch) => {
        expect(typeof parseClipBatch(batch).ok).toBe('boolean');
      }),
    );
  });
});
