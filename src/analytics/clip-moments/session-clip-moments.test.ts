import { describe, expect, test } from 'vitest';
import { placeClips } from '../../core/clip-moment.js';
import type { StoredClip } from '../../store/ports.js';
import { replaySettings } from './clip-trigger-query.js';
import { describeSessionClips, MAX_LISTED_CLIPS } from './session-clip-moments.js';

const T = Date.UTC(2026, 11, 1, 18, 0, 0);
const S = 1000;

function storedClip(seq: number, createdAt: number, views: number): StoredClip {
  return {
    seq,
    platform: 'twitch',
    clip_id: `c${seq}`,
    url: `https://clips.twitch.tv/c${seq}`,
    title: `clip ${seq}`,
    creator_platform: 'twitch',
    creator_id: '1',
    creator_name: 'maker',
    game_id: null,
    game_name: '',
    broadcaster_id: '9',
    broadcaster_name: 'streamer',
    stream: 'tw',
    created_at: createdAt,
    duration: 30,
    vod_offset: null,
    thumbnail_url: null,
    view_count: views,
    discord_shares: 0,
    discord_reactions: 0,
    reaction_types: [],
    first_seen: createdAt,
    last_updated: createdAt,
  };
}

describe('describeSessionClips', () => {
  test('lists the most viewed clips in moment order when there are more than a report lists, and counts them all', () => {
    // Views fall as time goes on: the latest clip is the least viewed.
    const count = MAX_LISTED_CLIPS + 1;
    const clips = Array.from({ length: count }, (_, i) => storedClip(i + 1, T + (i + 1) * 60 * S, count - i));
    const placed = placeClips(clips, { from: T, to: T + (count + 1) * 60 * S }, T);
    const described = describeSessionClips([], placed, replaySettings({}, {}));
    expect(described.clip_triggers).toMatchObject({ clips: count, triggers: 0, recall: 0 });
    expect(described.clips).toHaveLength(MAX_LISTED_CLIPS);
    expect(described.clips.map((c) => c.seq)).toEqual(clips.slice(0, MAX_LISTED_CLIPS).map((c) => c.seq));
    expect(described.clips[0]).toEqual({
      seq: 1,
      url: 'https://clips.twitch.tv/c1',
      title: 'clip 1',
      creator_name: 'maker',
      view_count: count,
      thumbnail_url: null,
      created_at: T + 60 * S,
      duration: 30,
      vod_offset: null,
      moment: T + 30 * S,
      placed_by: 'created_minus_duration',
    });
  });
});
