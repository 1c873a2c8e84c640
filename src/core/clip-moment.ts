const SECOND_MS = 1000;

/** What placing a clip needs of it: `created_at` in epoch ms, `duration` and `vod_offset` in seconds. */
export interface ClipTiming {
  created_at: number;
  duration: number | null;
  vod_offset: number | null;
}

/**
 * How a clip's moment was found: from its offset into the broadcast's recording, from when it was
 * made less its length, or from when it was made alone.
 */
export type ClipMomentSource = 'vod_offset' | 'created_minus_duration' | 'created_at';

/** Where a clip sits on a session's timeline: the moment it starts (epoch ms) and how that was found. */
export interface ClipMoment {
  at: number;
  source: ClipMomentSource;
}

/**
 * The moment a clip starts. With `vodStart` (the session's start, when the clip's recording is the
 * session's: the recording is taken to start with the session), it is `vodStart + vod_offset`, unless
 * that is after the clip was made (then the recording cannot be this session's). Otherwise a clip
 * ends when it is made: `created_at − duration`; without a duration, `created_at`.
 */
export function clipMoment(clip: ClipTiming, vodStart: number | null): ClipMoment {
  if (vodStart !== null && clip.vod_offset !== null) {
    const at = vodStart + clip.vod_offset * SECOND_MS;
    if (at <= clip.created_at) return { at, source: 'vod_offset' };
  }
  if (clip.duration !== null) {
    return { at: clip.created_at - clip.duration * SECOND_MS, source: 'created_minus_duration' };
  }
  return { at: clip.created_at, source: 'created_at' };
}

/** A clip with its moment on a session's timeline. */
export interface PlacedClip<T extends ClipTiming> {
  clip: T;
  moment: ClipMoment;
}

/**
 * The clips whose moment (see {@link clipMoment}) falls within `[span.from, span.to]` (epoch ms),
 * in order of moment (then of creation). Pure.
 */
export function placeClips<T extends ClipTiming>(
  clips: readonly T[],
  span: { from: number; to: number },
  vodStart: number | null,
): PlacedClip<T>[] {
  return clips
    .map((clip) => ({ clip, moment: clipMoment(clip, vodStart) }))
    .filter(({ moment }) => moment.at >= span.from && moment.at <= span.to)
    .sort((a, b) => a.moment.at - b.moment.at || a.clip.created_at - b.clip.created_at);
}
