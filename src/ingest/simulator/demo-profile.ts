import type { ProfileService } from '../../profiles/profile.service.js';
import type { Platform } from '../../store/ports.js';
import type { SimPlatform } from './platform-activity.js';

/** The streams the demo simulates: one TikTok and one Twitch channel, combined in one profile. */
export const DEMO_STREAMS: readonly { id: string; platform: Platform; channel: string }[] = [
  { id: 'tiktok-demo', platform: 'tiktok', channel: '@streampulse_demo' },
  { id: 'twitch-demo', platform: 'twitch', channel: '#streampulse_demo' },
];

/**
 * Creates the demo profile and its streams where missing; returns the stream ids. New streams are
 * marked `enabled` (connected at every start) when asked; existing ones keep their mark.
 */
export async function ensureDemoProfile(
  profiles: ProfileService,
  profile: string,
  options: { enabled?: boolean } = {},
): Promise<string[]> {
  await profiles.ensure(profile, 'Demo');
  const existing = new Set((await profiles.listStreams(profile)).map((s) => s.id));
  for (const s of DEMO_STREAMS) {
    if (!existing.has(s.id))
      await profiles.createStream(profile, { ...s, enabled: options.enabled ?? false });
  }
  return DEMO_STREAMS.map((s) => s.id);
}

/** The platform whose activity a demo stream imitates, by its id: TikTok's for any other stream. */
export function demoPlatformOf(streamId: string): SimPlatform {
  return DEMO_STREAMS.find((s) => s.id === streamId)?.platform === 'twitch' ? 'twitch' : 'tiktok';
}
