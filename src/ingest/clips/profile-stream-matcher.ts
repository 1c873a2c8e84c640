import type { StreamInfo } from '../../store/ports.js';
import type { ClipStreamMatcher } from './twitch-clip-poller.js';
import { loginOf } from './twitch-clip-poller.js';

/**
 * The profile's Twitch stream a clip was made on: the stream whose channel's user id is the
 * clip's broadcaster id (`broadcasterIds`: by stream id, those known), else the stream whose
 * channel is the broadcaster's name. A clip of any other channel has no stream (null): it is
 * still the profile's clip (shared in its Discord), just not made on one of its streams.
 */
export function profileStreamMatcher(
  streams: readonly StreamInfo[],
  broadcasterIds: ReadonlyMap<string, string>,
): ClipStreamMatcher {
  const twitch = streams.filter((s) => s.platform === 'twitch');
  const byId = new Map<string, string>();
  for (const s of twitch) {
    const id = broadcasterIds.get(s.id);
    if (id !== undefined) byId.set(id, s.id);
  }
  const byLogin = new Map(twitch.map((s) => [loginOf(s.channel), s.id]));
  return (clip) => {
    if (clip.link.platform !== 'twitch' || !clip.broadcaster) return null;
    return byId.get(clip.broadcaster.id) ?? byLogin.get(loginOf(clip.broadcaster.name)) ?? null;
  };
}
