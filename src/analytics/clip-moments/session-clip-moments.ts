import type { Rollup } from '../../core/aggregates.js';
import type { ClipMomentSource, PlacedClip } from '../../core/clip-moment.js';
import { matchClipsToTriggers, type ClipTriggerFigures } from '../../core/clip-trigger-match.js';
import type { SpikeSignal } from '../../core/spike-detector.js';
import { replaySpikes, type ReplayedTrigger } from '../../core/spike-replay.js';
import type { StoredClip } from '../../store/ports.js';
import { windowMsOf, type DetectorInForce, type ReplaySettings } from './clip-trigger-query.js';

/** Most clips a report lists (the most viewed); the figures count them all. */
export const MAX_LISTED_CLIPS = 500;
/** Most replayed triggers a report lists (the first); the figures count them all. */
export const MAX_LISTED_TRIGGERS = 1000;

/** A clip as a session report lists it: where it sits on the timeline and what shows it. */
export interface SessionClip {
  seq: number;
  url: string;
  title: string;
  creator_name: string;
  view_count: number;
  thumbnail_url: string | null;
  /** Epoch ms. */
  created_at: number;
  /** Seconds, or null. */
  duration: number | null;
  /** Seconds into the recording, or null. */
  vod_offset: number | null;
  /** When the clip starts on the session's timeline, epoch ms. */
  moment: number;
  placed_by: ClipMomentSource;
}

/** The figures of one session, the match window and detectors they come from, and the triggers. */
export interface SessionClipTriggers extends ClipTriggerFigures {
  /** Of the `clips`, the replay buffer saves OBS made (placed when it wrote them). */
  obs_replays: number;
  window_minutes: number;
  detectors: Record<SpikeSignal, DetectorInForce>;
  /** The replayed triggers in time order, the first `MAX_LISTED_TRIGGERS`. */
  fired: ReplayedTrigger[];
}

/** What a session report says of its clips. */
export interface SessionClipMoments {
  /** The clips in moment order: all of them, or the most viewed `MAX_LISTED_CLIPS`. */
  clips: SessionClip[];
  clip_triggers: SessionClipTriggers;
}

/**
 * Replays the spike detectors over a session's own stream (its rollups within the report's
 * window, in minute order) and matches the triggers against its placed clips and the moments OBS
 * saved its replay buffer (clips of the streamer's own making). Pure.
 */
export function clipTriggerFigures(
  rollups: readonly Rollup[],
  clips: readonly PlacedClip<StoredClip>[],
  settings: ReplaySettings,
  obsReplays: readonly number[] = [],
): { figures: ClipTriggerFigures & { obs_replays: number }; fired: ReplayedTrigger[] } {
  const fired = replaySpikes(rollups, settings.detectors);
  const figures = matchClipsToTriggers(
    fired.map((t) => t.at),
    [...clips.map((c) => c.moment.at), ...obsReplays],
    windowMsOf(settings),
  );
  return { figures: { ...figures, obs_replays: obsReplays.length }, fired };
}

/** The clips and clip-trigger figures of a session report (see `clipTriggerFigures`). Pure. */
export function describeSessionClips(
  rollups: readonly Rollup[],
  clips: readonly PlacedClip<StoredClip>[],
  settings: ReplaySettings,
  obsReplays: readonly number[] = [],
): SessionClipMoments {
  const { figures, fired } = clipTriggerFigures(rollups, clips, settings, obsReplays);
  return {
    clips: listedClips(clips).map(toSessionClip),
    clip_triggers: {
      ...figures,
      window_minutes: settings.windowMinutes,
      detectors: settings.inForce,
      fired: fired.slice(0, MAX_LISTED_TRIGGERS),
    },
  };
}

/** All the clips, or the most viewed `MAX_LISTED_CLIPS` of them, in moment order. */
function listedClips(clips: readonly PlacedClip<StoredClip>[]): readonly PlacedClip<StoredClip>[] {
  if (clips.length <= MAX_LISTED_CLIPS) return clips;
  const kept = new Set(
    [...clips].sort((a, b) => b.clip.view_count - a.clip.view_count).slice(0, MAX_LISTED_CLIPS),
  );
  return clips.filter((c) => kept.has(c));
}

function toSessionClip({ clip, moment }: PlacedClip<StoredClip>): SessionClip {
  return {
    seq: clip.seq,
    url: clip.url,
    title: clip.title,
    creator_name: clip.creator_name,
    view_count: clip.view_count,
    thumbnail_url: clip.thumbnail_url,
    created_at: clip.created_at,
    duration: clip.duration,
    vod_offset: clip.vod_offset,
    moment: moment.at,
    placed_by: moment.source,
  };
}
