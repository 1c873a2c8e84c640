import type { ObsFileKind } from '../../core/obs-readings.js';
import type { ObsHealthMinute, ObsRecording, ObsStore } from '../../store/obs-store.port.js';
import type { ProfileStores } from '../../store/ports.js';

/** The longest range of stream health one request reads: a month of minutes. */
export const MAX_OBS_HEALTH_DAYS = 31;
/** Most files one request lists. */
export const MAX_OBS_RECORDINGS = 500;

export interface ObsHistoryDeps {
  /** Checks a profile exists (throws `NotFoundError`). */
  profiles: { get(profile: string): Promise<unknown> };
  stores: ProfileStores<ObsStore>;
}

/** What OBS did for a profile, read back: its stream health by minute, and the files it wrote. */
export class ObsHistoryService {
  constructor(private readonly deps: ObsHistoryDeps) {}

  /** The minutes of stream health in [from, to), oldest first. */
  async health(profile: string, from: number, to: number): Promise<ObsHealthMinute[]> {
    await this.deps.profiles.get(profile);
    return (await this.deps.stores.openProfile(profile)).obsHealthBetween(from, to);
  }

  /** The files OBS wrote in [from, to), oldest first, at most `limit`, of the kinds given (all when none). */
  async recordings(
    profile: string,
    from: number,
    to: number,
    limit: number,
    kinds: readonly ObsFileKind[],
  ): Promise<ObsRecording[]> {
    await this.deps.profiles.get(profile);
    const store = await this.deps.stores.openProfile(profile);
    return store.obsRecordingsBetween(from, to, limit, kinds.length > 0 ? kinds : undefined);
  }
}
