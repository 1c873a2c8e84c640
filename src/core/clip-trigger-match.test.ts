import { describe, expect, test } from 'vitest';
import { matchClipsToTriggers, sumClipTriggerFigures } from './clip-trigger-match.js';

const M = 60_000;
const T = Date.UTC(2026, 11, 1, 18, 0, 0);
const at = (minutes: number) => T + minutes * M;

describe('matchClipsToTriggers', () => {
  test('counts triggers followed by a clip within the window and clips preceded by a trigger', () => {
    // Triggers at 10, 30 and 50; clips at 12 and 34 follow the first two, 41 and 70 follow none.
    const figures = matchClipsToTriggers([at(50), at(10), at(30)], [at(41), at(12), at(34), at(70)], 5 * M);
    expect(figures).toEqual({
      triggers: 3,
      clips: 4,
      triggers_followed_by_clip: 2,
      clips_preceded_by_trigger: 2,
      precision: 2 / 3,
      recall: 2 / 4,
    });
  });

  test('a clip at the trigger and one exactly the window after it both count; a clip before it does not', () => {
    expect(matchClipsToTriggers([at(10)], [at(10)], 5 * M)).toMatchObject({
      triggers_followed_by_clip: 1,
      clips_preceded_by_trigger: 1,
    });
    expect(matchClipsToTriggers([at(10)], [at(15)], 5 * M)).toMatchObject({
      triggers_followed_by_clip: 1,
      clips_preceded_by_trigger: 1,
    });
    expect(matchClipsToTriggers([at(10)], [at(15) + 1], 5 * M)).toMatchObject({
      triggers_followed_by_clip: 0,
      clips_preceded_by_trigger: 0,
    });
    expect(matchClipsToTriggers([at(10)], [at(10) - 1], 5 * M)).toMatchObject({
      triggers_followed_by_clip: 0,
      clips_preceded_by_trigger: 0,
    });
  });

  test('one trigger followed by several clips counts once, and so does a clip after several triggers', () => {
    expect(matchClipsToTriggers([at(10)], [at(11), at(12), at(13)], 5 * M)).toMatchObject({
      triggers_followed_by_clip: 1,
      clips_preceded_by_trigger: 3,
      precision: 1,
      recall: 1,
    });
    expect(matchClipsToTriggers([at(10), at(11), at(12)], [at(13)], 5 * M)).toMatchObject({
      triggers_followed_by_clip: 3,
      clips_preceded_by_trigger: 1,
    });
  });

  test('a wider window catches more', () => {
    const narrow = matchClipsToTriggers([at(10)], [at(18)], 5 * M);
    const wide = matchClipsToTriggers([at(10)], [at(18)], 10 * M);
    expect([narrow.precision, wide.precision]).toEqual([0, 1]);
  });

  test('precision is null without triggers and recall null without clips', () => {
    expect(matchClipsToTriggers([], [at(1)], 5 * M)).toMatchObject({ precision: null, recall: 0 });
    expect(matchClipsToTriggers([at(1)], [], 5 * M)).toMatchObject({ precision: 0, recall: null });
    expect(matchClipsToTriggers([], [], 5 * M)).toMatchObject({ precision: null, recall: null });
  });
});

describe('sumClipTriggerFigures', () => {
  test('sums the counts of several sessions and takes the shares of the sums', () => {
    const a = matchClipsToTriggers([at(10), at(20)], [at(11)], 5 * M);
    const b = matchClipsToTriggers([], [at(5), at(6)], 5 * M);
    expect(sumClipTriggerFigures([a, b])).toEqual({
      triggers: 2,
      clips: 3,
      triggers_followed_by_clip: 1,
      clips_preceded_by_trigger: 1,
      precision: 1 / 2,
      recall: 1 / 3,
    });
    expect(sumClipTriggerFigures([])).toMatchObject({ triggers: 0, precision: null, recall: null });
  });
});
