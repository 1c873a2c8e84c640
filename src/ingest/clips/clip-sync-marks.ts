import type { SystemStore } from '../../store/ports.js';
import type { ClipSyncMark, ClipSyncMarks } from './twitch-clip-poller.js';

/** The profile setting that holds a stream's Twitch clip sync mark. */
export const clipSyncKey = (stream: string): string => `twitch_clip_sync:${stream}`;

/**
 * A stream's sync mark kept in its profile's settings, so the next start reads on from it
 * instead of the whole backfill again. A value that is not a mark reads as none.
 */
export function settingsClipSyncMarks(
  system: Pick<SystemStore, 'getSettings' | 'putSetting'>,
  profile: string,
  stream: string,
): ClipSyncMarks {
  const key = clipSyncKey(stream);
  return {
    async read() {
      return asMark((await system.getSettings(profile))[key]);
    },
    write: (mark) => system.putSetting(profile, key, mark),
  };
}

function asMark(value: unknown): ClipSyncMark | null {
  if (typeof value !== 'object' || value === null) return null;
  const { channel, broadcaster_id, synced_to } = value as Record<string, unknown>;
  return typeof channel === 'string' &&
    typeof broadcaster_id === 'string' &&
    broadcaster_id !== '' &&
    typeof synced_to === 'number' &&
    Number.isFinite(synced_to)
    ? { channel, broadcaster_id, synced_to }
    : null;
}
