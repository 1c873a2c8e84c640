import { describe, expect, test } from 'vitest';
import type { Rollup } from '../../core/aggregates.js';
import { placeClips } from '../../core/clip-moment.js';
import { emptyCounters } from '../../core/counters.js';
import type { StoredClip } from '../../store/ports.js';
import { replaySettings } from './clip-trigger-query.js';
import { clipTriggerFigures, describeSessionClips, MAX_LISTED_CLIPS } from './session-clip-moments.js';

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

describe('OBS replay saves as clip moments', () => {
  const M = 60 * S;
  function minute(i: number, viewers: number): Rollup {
    return {
      ...emptyCounters(),
      stream: 'tw',
      minute: T + i * M,
      viewers_last: viewers,
      viewers_last_at: T + i * M + 30 * S,
      viewers_min: viewers,
      viewers_max: viewers,
      viewers_sum: viewers,
      viewers_n: 1,
      events: 1,
    };
  }
  // Viewers wobble around 1000 for half an hour, then jump: one viewers spike at minute 30.
  const rollups = [
    ...Array.from({ length: 30 }, (_, i) => minute(i, i % 2 === 0 ? 990 : 1010)),
    minute(30, 1400),
    minute(31, 1410),
  ];

  test('a replay saved just after a spike makes the trigger one followed by a clip, and counts among the clips', () => {
    const settings = replaySettings({}, {});
    const without = clipTriggerFigures(rollups, [], settings);
    expect(without.figures).toMatchObject({ triggers: 1, clips: 0, precision: 0, obs_replays: 0 });
    const saved = clipTriggerFigures(rollups, [], settings, [T + 30 * M + 20 * S]);
    expect(saved.figures).toMatchObject({
      triggers: 1,
      clips: 1,
      triggers_followed_by_clip: 1,
      clips_preceded_by_trigger: 1,
      precision: 1,
      recall: 1,
      obs_replays: 1,
    });
    // A save long before the spike is a clip no trigger foretold.
    const early = clipTriggerFigures(rollups, [], settings, [T + 5 * M]);
    expect(early.figures).toMatchObject({ clips: 1, precision: 0, recall: 0, obs_replays: 1 });
  });
});
