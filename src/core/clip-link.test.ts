import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { clipKey, findClipLinks, parseClipLink } from './clip-link.js';

// A real clip's slug (Helix's Get Clips example, test/fixtures/real/twitch-helix).
const SLUG = 'AwkwardHelplessSalamanderSwiftRage';
const CANONICAL = `https://clips.twitch.tv/${SLUG}`;

describe('parseClipLink', () => {
  test.each([
    `https://clips.twitch.tv/${SLUG}`,
    `http://clips.twitch.tv/${SLUG}?tt_medium=clips_api`,
    `https://clips.twitch.tv/embed?clip=${SLUG}`,
    `https://www.twitch.tv/dallas/clip/${SLUG}`,
    `https://m.twitch.tv/dallas/clip/${SLUG}?filter=clips&range=7d&sort=time`,
    `https://twitch.tv/dallas/clip/${SLUG}#t=1`,
  ])('a Twitch clip in each of its forms: %s', (url) => {
    expect(parseClipLink(url)).toEqual({ platform: 'twitch', id: SLUG, url: CANONICAL, kind: 'twitch-clip' });
  });

  test('new-style Twitch slugs with a dash and a random tail', () => {
    const slug = 'FunnyCleverMangoPanicBasket-4hA6H9dIp2Z0Dp-X';
    expect(parseClipLink(`https://www.twitch.tv/someone/clip/${slug}`)?.id).toBe(slug);
  });

  test('YouTube clips and Shorts', () => {
    const clip = 'UgkxU2HSeGL_NvmDJ-nQJrlLwllwMDBdGZFs';
    expect(parseClipLink(`https://youtube.com/clip/${clip}?si=abc`)).toEqual({
      platform: 'youtube',
      id: clip,
      url: `https://www.youtube.com/clip/${clip}`,
      kind: 'youtube-clip',
    });
    expect(parseClipLink('https://m.youtube.com/shorts/dQw4w9WgXcQ?feature=share')).toEqual({
      platform: 'youtube',
      id: 'dQw4w9WgXcQ',
      url: 'https://www.youtube.com/shorts/dQw4w9WgXcQ',
      kind: 'youtube-short',
    });
  });

  test('TikTok videos by id, whoever is named before them, and short links as they are', () => {
    const id = '7310042345678901234';
    const full = parseClipLink(`https://www.tiktok.com/@Some.User/video/${id}?is_from_webapp=1`);
    expect(full).toEqual({
      platform: 'tiktok',
      id,
      url: `https://www.tiktok.com/@some.user/video/${id}`,
      kind: 'tiktok-video',
    });
    expect(clipKey(parseClipLink(`https://m.tiktok.com/v/${id}.html`)!)).toBe(clipKey(full!));
    expect(parseClipLink('https://vm.tiktok.com/ZMabc123/')).toEqual({
      platform: 'tiktok',
      id: 'vm:ZMabc123',
      url: 'https://vm.tiktok.com/ZMabc123/',
      kind: 'tiktok-short-link',
    });
  });

  test.each([
    'https://clips.twitch.tv.example.com/AwkwardHelplessSalamanderSwiftRage',
    'https://example.com/?u=https://clips.twitch.tv/X',
    'https://www.twitch.tv/dallas',
    'https://www.twitch.tv/dallas/videos/123',
    'https://clips.twitch.tv/embed',
    'https://clips.twitch.tv/a/b',
    'https://clips.twitch.tv/has%20space',
    'https://user:pw@clips.twitch.tv/AwkwardHelplessSalamanderSwiftRage',
    'https://clips.twitch.tv:8443/AwkwardHelplessSalamanderSwiftRage',
    'ftp://clips.twitch.tv/AwkwardHelplessSalamanderSwiftRage',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com/shorts/tooshort',
    'https://www.tiktok.com/@user/video/notanumber',
    'https://www.tiktok.com/@user',
    'not a url',
    '',
  ])('not a clip link: %s', (url) => {
    expect(parseClipLink(url)).toBeNull();
  });

  test('any text: no throw, and a canonical URL reads back as the same clip', () => {
    const urls = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string(),
      fc
        .tuple(
          fc.constantFrom(
            'https://clips.twitch.tv/',
            'https://www.twitch.tv/x/clip/',
            'https://youtube.com/shorts/',
            'https://www.tiktok.com/@a/video/',
            'https://vt.tiktok.com/',
          ),
          fc.string(),
        )
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(urls, (url) => {
        const link = parseClipLink(url);
        if (link) expect(parseClipLink(link.url)).toEqual(link);
      }),
    );
  });
});

describe('findClipLinks', () => {
  test('the clips of a message, each once, in angle brackets or before punctuation', () => {
    const text = [
      `look at this (${CANONICAL}), and again <https://www.twitch.tv/dallas/clip/${SLUG}>!`,
      '**https://youtube.com/shorts/dQw4w9WgXcQ** and a stream https://www.twitch.tv/dallas.',
      'https://www.tiktok.com/@a/video/7310042345678901234?',
    ].join('\n');
    expect(findClipLinks(text).map(clipKey)).toEqual([
      `twitch:${SLUG}`,
      'youtube:dQw4w9WgXcQ',
      'tiktok:7310042345678901234',
    ]);
  });

  test('a message of many links yields at most twenty clips, and a huge one is cut short', () => {
    const many = Array.from(
      { length: 50 },
      (_, i) => `https://youtube.com/shorts/aaaaaaaa${String(i).padStart(3, '0')}`,
    );
    expect(findClipLinks(many.join(' '))).toHaveLength(20);
    expect(findClipLinks(`${'x'.repeat(100_000)} ${CANONICAL}`)).toEqual([]);
  });
});
