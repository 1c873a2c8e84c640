/**
 * How well spike triggers foretold clips, over one session or several. A trigger is followed by a
 * clip, and a clip preceded by a trigger, when the clip's moment is at the trigger's time or at
 * most the window after it. `precision` is the share of triggers followed by a clip, `recall` the
 * share of clips preceded by a trigger; each is null when there is nothing to share out.
 */
export interface ClipTriggerFigures {
  triggers: number;
  clips: number;
  triggers_followed_by_clip: number;
  clips_preceded_by_trigger: number;
  precision: number | null;
  recall: number | null;
}

/**
 * Matches trigger times against clip moments (epoch ms, any order) within `windowMs` after each
 * trigger; a trigger may be followed by several clips and a clip preceded by several triggers
 * (each counts once). O((t + c) log(t + c)).
 */
export function matchClipsToTriggers(
  triggerTimes: readonly number[],
  clipMoments: readonly number[],
  windowMs: number,
): ClipTriggerFigures {
  const triggers = [...triggerTimes].sort((a, b) => a - b);
  const clips = [...clipMoments].sort((a, b) => a - b);
  // A trigger at t is followed when the first clip at or after t is at most t + window; a clip at
  // m is preceded when the last trigger at or before m is at least m - window.
  const followed = triggers.filter((t) => {
    const i = firstIndex(clips, (m) => m >= t);
    return i < clips.length && clips[i]! <= t + windowMs;
  }).length;
  const preceded = clips.filter((m) => {
    const i = firstIndex(triggers, (t) => t > m) - 1;
    return i >= 0 && triggers[i]! >= m - windowMs;
  }).length;
  return figures(triggers.length, clips.length, followed, preceded);
}

/** The figures of several sessions together: counts summed, shares of the sums. */
export function sumClipTriggerFigures(list: readonly ClipTriggerFigures[]): ClipTriggerFigures {
  let triggers = 0;
  let clips = 0;
  let followed = 0;
  let preceded = 0;
  for (const f of list) {
    triggers += f.triggers;
    clips += f.clips;
    followed += f.triggers_followed_by_clip;
    preceded += f.clips_preceded_by_trigger;
  }
  return figures(triggers, clips, followed, preceded);
}

function figures(triggers: number, clips: number, followed: number, preceded: number): ClipTriggerFigures {
  return {
    triggers,
    clips,
    triggers_followed_by_clip: followed,
    clips_preceded_by_trigger: preceded,
    precision: triggers === 0 ? null : followed / triggers,
    recall: clips === 0 ? null : preceded / clips,
  };
}

/** Index of the first value of an ascending array that passes `test`, which is monotone (its length when none). */
function firstIndex(sorted: readonly number[], test: (value: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (!test(sorted[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
