import { parseClipBatch, type ClipCapture } from '../../core/clip-capture.js';
import { ValidationError } from '../../core/errors.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { ClipStore, ProfileStores, StreamInfo } from '../../store/ports.js';

/** Most clips one push may carry: a tool syncing more sends several batches. */
export const MAX_CLIPS_PER_PUSH = 10_000;

/** What a push answers: the clips received, the distinct clips among them, new and known ones. */
export interface ClipPushResult {
  received: number;
  clips: number;
  created: number;
  updated: number;
}

/**
 * Clips pushed by tools that already collect them (the clip seed's capture shape): validated as
 * a batch, stored atomically, idempotent (pushing the same clips again updates their counts and
 * never duplicates them). A clip is given the profile's stream it was clipped from when its
 * broadcaster is a Twitch channel of the profile.
 */
export class ClipPushService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: ProfileStores<ClipStore>,
    /** Told of the clips new to a profile (its usage counts clips collected). */
    private readonly collected: (profile: string, count: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async push(profile: string, body: unknown): Promise<ClipPushResult> {
    await this.profiles.get(profile);
    if (!Array.isArray(body) || body.length === 0 || body.length > MAX_CLIPS_PER_PUSH) {
      throw new ValidationError(
        `the body must be a JSON array of 1 to ${MAX_CLIPS_PER_PUSH} clips`,
        [{ field: 'body', message: `expected a JSON array of 1 to ${MAX_CLIPS_PER_PUSH} clips` }],
        'CLIP_INVALID',
      );
    }
    const parsed = parseClipBatch(body);
    if (!parsed.ok) {
      throw new ValidationError(
        'some clips are invalid: nothing was stored',
        parsed.issues,
        'CLIP_INVALID',
        parsed.total,
      );
    }
    const streamOf = twitchStreams(await this.profiles.listStreams(profile));
    const clips = parsed.clips.map((c) => ({ ...c, stream: streamOf(c) }));
    const store = await this.engine.openProfile(profile);
    const stored = await store.upsertClips(clips, this.now());
    if (stored.created > 0) this.collected(profile, stored.created);
    return { received: body.length, clips: clips.length, ...stored };
  }
}

/** The profile's stream a clip was made on: its Twitch broadcaster's channel, by name. */
function twitchStreams(streams: readonly StreamInfo[]): (clip: ClipCapture) => string | null {
  const byChannel = new Map(
    streams.filter((s) => s.platform === 'twitch').map((s) => [s.channel.toLowerCase(), s.id]),
  );
  return (clip) =>
    clip.link.platform === 'twitch' && clip.broadcaster
      ? (byChannel.get(clip.broadcaster.name.toLowerCase()) ?? null)
      : null;
}
