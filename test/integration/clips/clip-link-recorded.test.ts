import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parseClipLink } from '../../../src/core/clip-link.js';

/** Recorded Helix Get Clips responses (test/fixtures/real/SOURCES.md). */
const RECORDED = [
  'test/fixtures/real/twitch-helix/twitch_api-rs-get_clips-1.json',
  'test/fixtures/real/nicklaw5-helix/get-clips-response.json',
].flatMap(
  (file) =>
    (JSON.parse(readFileSync(file, 'utf8')) as { data: { id: string; url: string; embed_url: string }[] })
      .data,
);

test('the url and embed url of every clip Helix returned name that clip', () => {
  expect(RECORDED.length).toBeGreaterThan(0);
  for (const clip of RECORDED) {
    const expected = { platform: 'twitch', id: clip.id, url: clip.url, kind: 'twitch-clip' };
    expect(parseClipLink(clip.url)).toEqual(expected);
    expect(parseClipLink(clip.embed_url)).toEqual(expected);
  }
});
