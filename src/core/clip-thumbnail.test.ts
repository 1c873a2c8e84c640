import { describe, expect, test } from 'vitest';
import { isShownThumbnail } from './clip-thumbnail.js';

describe('isShownThumbnail', () => {
  test("shows Twitch's clip thumbnails", () => {
    expect(
      isShownThumbnail(
        'https://static-cdn.jtvnw.net/twitch-clips-thumbnails-prod/Slug/abc/preview-480x272.jpg',
      ),
    ).toBe(true);
    expect(isShownThumbnail('https://clips-media-assets2.twitch.tv/AT-cm%7C1-preview-480x272.jpg')).toBe(
      true,
    );
  });

  test('refuses any other place, plain http, a look-alike host and text that is no URL', () => {
    for (const url of [
      'https://example.com/x.jpg',
      'http://static-cdn.jtvnw.net/x.jpg',
      'https://static-cdn.jtvnw.net.example.com/x.jpg',
      'https://static-cdn.jtvnw.net:8443/x.jpg',
      'javascript:alert(1)',
      'not a url',
      null,
    ]) {
      expect(isShownThumbnail(url), String(url)).toBe(false);
    }
  });
});
