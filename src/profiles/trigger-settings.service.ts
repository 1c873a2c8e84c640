import { triggerSettingsSchema, type TriggerSettings } from '../core/trigger-settings.js';
import type { StoreEngine } from '../store/ports.js';
import type { ProfileService } from './profile.service.js';

const KEY = 'triggers';

/** A profile's spike-trigger and webhook settings, kept in the system store. */
export class TriggerSettingsService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: StoreEngine,
    private readonly onChange: (profile: string) => void = () => undefined,
  ) {}

  async get(profile: string): Promise<TriggerSettings> {
    await this.profiles.get(profile);
    return this.read(profile);
  }

  /** The stored settings without checking the profile (the ingest path asks per batch). */
  async read(profile: string): Promise<TriggerSettings> {
    const stored = (await this.engine.system.getSettings(profile))[KEY];
    const parsed = triggerSettingsSchema.safeParse(stored ?? {});
    return parsed.success ? parsed.data : {};
  }

  async put(profile: string, settings: TriggerSettings): Promise<TriggerSettings> {
    await this.profiles.get(profile);
    await this.engine.system.putSetting(profile, KEY, settings);
    this.onChange(profile);
    return settings;
  }
}
