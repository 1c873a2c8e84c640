import { triggerSettingsSchema, type TriggerSettings } from '../core/trigger-settings.js';
import type { SystemStore } from '../store/ports.js';
import type { ProfileService } from './profile.service.js';

const KEY = 'triggers';

/**
 * A profile's spike-trigger and webhook settings, kept in the system store and cached here (the
 * spike watch reads them after every commit).
 */
export class TriggerSettingsService {
  private readonly cache = new Map<string, TriggerSettings>();

  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: { system: Pick<SystemStore, 'getSettings' | 'putSetting'> },
    private readonly onChange: (profile: string) => void = () => undefined,
  ) {}

  async get(profile: string): Promise<TriggerSettings> {
    await this.profiles.get(profile);
    return this.read(profile);
  }

  /** The stored settings without checking the profile (the ingest path asks per batch). */
  async read(profile: string): Promise<TriggerSettings> {
    const cached = this.cache.get(profile);
    if (cached) return cached;
    const stored = (await this.engine.system.getSettings(profile))[KEY];
    const parsed = triggerSettingsSchema.safeParse(stored ?? {});
    const settings = parsed.success ? parsed.data : {};
    this.cache.set(profile, settings);
    return settings;
  }

  /** Drops the cached settings of a profile (deleted). */
  forget(profile: string): void {
    this.cache.delete(profile);
  }

  async put(profile: string, settings: TriggerSettings): Promise<TriggerSettings> {
    await this.profiles.get(profile);
    await this.engine.system.putSetting(profile, KEY, settings);
    this.cache.set(profile, settings);
    this.onChange(profile);
    return settings;
  }
}
