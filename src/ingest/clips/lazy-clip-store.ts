import type { ProfileStores } from '../../store/ports.js';
import type { PollerClipStore } from './twitch-clip-poller.js';

/** A profile's clip store, opened when first used (a poll that fails to open it fails, and is retried). */
export class LazyClipStore implements PollerClipStore {
  constructor(
    private readonly engine: ProfileStores<PollerClipStore>,
    private readonly profile: string,
  ) {}
  private open = () => this.engine.openProfile(this.profile);
  upsertClips: PollerClipStore['upsertClips'] = async (...a) => (await this.open()).upsertClips(...a);
  markClipsRead: PollerClipStore['markClipsRead'] = async (...a) => (await this.open()).markClipsRead(...a);
  clipsDueForRefresh: PollerClipStore['clipsDueForRefresh'] = async (...a) =>
    (await this.open()).clipsDueForRefresh(...a);
  sharedUnknownClips: PollerClipStore['sharedUnknownClips'] = async (...a) =>
    (await this.open()).sharedUnknownClips(...a);
}
