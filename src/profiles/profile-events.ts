import type { Logger } from 'pino';
import { Hooks, Listeners } from '../core/listeners.js';
import type { StreamInfo } from '../store/ports.js';
import type { ProfileHooks } from './profile.service.js';

/**
 * What happens to profiles that the other layers follow, each layer subscribing for itself at
 * start. Listeners are isolated from each other (a failing one is logged, the rest still run);
 * hooks are awaited, in order, and hold up what they precede.
 */
export class ProfileEvents {
  /** A profile is being deleted: in-flight work for it stops before its data goes. */
  readonly dropping = new Hooks<[profile: string]>();
  /** A profile was deleted: whoever holds per-profile state lets it go. */
  readonly removed: Listeners<[profile: string]>;
  /** A stream was created or changed. */
  readonly streamChanged: Listeners<[profile: string, stream: StreamInfo]>;
  /** A stream is being removed: resolves once nothing runs for it any more. */
  readonly streamDeleting = new Hooks<[profile: string, stream: string]>();
  /** A profile's trigger settings changed, or went with it. */
  readonly settingsChanged: Listeners<[profile: string]>;
  /** A profile's goals changed. */
  readonly goalsChanged: Listeners<[profile: string]>;

  constructor(log: Logger) {
    const failed =
      (event: string) =>
      (err: unknown, profile: string): void =>
        log.error({ err, profile, event }, 'profile listener failed');
    this.removed = new Listeners(failed('removed'));
    this.streamChanged = new Listeners<[profile: string, stream: StreamInfo]>(failed('stream changed'));
    this.settingsChanged = new Listeners(failed('settings changed'));
    this.goalsChanged = new Listeners(failed('goals changed'));
    // A deleted profile's settings went with it.
    this.removed.add((profile) => this.settingsChanged.emit(profile));
  }

  /** The hooks a ProfileService calls. */
  get hooks(): ProfileHooks {
    return {
      beforeDrop: async (profile) => {
        await this.dropping.run(profile);
        this.removed.emit(profile);
      },
      onStreamChange: (profile, stream) => this.streamChanged.emit(profile, stream),
      beforeStreamDelete: (profile, stream) => this.streamDeleting.run(profile, stream),
    };
  }
}
