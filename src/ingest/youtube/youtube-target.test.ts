import { describe, expect, test } from 'vitest';
import { parseYoutubeTarget } from './youtube-target.js';

describe('parseYoutubeTarget', () => {
  test('takes an 11-character video id as is', () => {
    expect(parseYoutubeTarget('dQw4w9WgXcQ')).toEqual({ videoId: 'dQw4w9WgXcQ' });
  });

  test('turns a handle or a channel id into its /live URL', () => {
    expect(parseYoutubeTarget('@somechannel')).toEqual({ url: 'https://www.youtube.com/@somechannel/live' });
    expect(parseYoutubeTarget('UCee6zsDAVBVahONotgG0New')).toEqual({
      url: 'https://www.youtube.com/channel/UCee6zsDAVBVahONotgG0New/live',
    });
  });

  test('passes a youtube.com URL through', () => {
    expect(parseYoutubeTarget(' https://www.youtube.com/watch?v=dQw4w9WgXcQ ')).toEqual({
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    });
  });

  test('refuses text that is none of these', () => {
    expect(() => parseYoutubeTarget('not a channel')).toThrow('not a YouTube video id');
    expect(() => parseYoutubeTarget('@')).toThrow('not a YouTube video id');
  });
});
