import type { ObsStore } from '../../store/obs-store.port.js';
import { OBS_RECORDINGS_MAX_LIMIT } from '../../store/obs-store.port.js';

/**
 * The moments OBS saved its replay buffer within a span (epoch ms, oldest first): clip moments of
 * the profile's own making, by hand or on a spike (the OBS link's clip on spike). A save is placed
 * at the time OBS wrote it, which is when the streamer, or the spike, asked for it: the replay
 * itself covers the buffer's length before.
 */
export async function readObsReplayMoments(
  store: Pick<ObsStore, 'obsRecordingsBetween'>,
  span: { from: number; to: number },
): Promise<number[]> {
  const replays = await store.obsRecordingsBetween(span.from, span.to, OBS_RECORDINGS_MAX_LIMIT, ['replay']);
  return replays.map((r) => r.at);
}
