import { ValidationError } from '../core/errors.js';
import {
  mergeTriggerSettings,
  triggerSettingsSchema,
  viewTriggerSettings,
  type TriggerSettings,
  type TriggerSettingsInput,
  type TriggerSettingsView,
} from '../core/trigger-settings.js';
import { findWebhookUrlProblem } from '../core/webhook-target.js';
import type { SystemStore } from '../store/ports.js';
import type { ProfileService } from './profile.service.js';

const KEY = 'triggers';

/**
 * A profile's spike-trigger and webhook settings, kept in the system store and cached here (the
 * spike watch reads them after every commit). The webhook secret goes in and is used, never out:
 * `get` and `put` answer whether one is set.
 */
export class TriggerSettingsService {
  private readonly cache = new Map<string, TriggerSettings>();

  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: { system: Pick<SystemStore, 'getSettings' | 'putSetting'> },
    private readonly onChange: (profile: string) => void = () => undefined,
    /** Hosts a webhook URL may name although they are refused by name or address. */
    private readonly webhookAllowedHosts: readonly string[] = [],
  ) {}

  async get(profile: string): Promise<TriggerSettingsView> {
    await this.profiles.get(profile);
    return viewTriggerSettings(await this.read(profile));
  }

  /** The stored settings, secret included, without checking the profile (the ingest path asks per batch). */
  async read(profile: string): Promise<TriggerSettings> {
    const cached = this.cache.get(profile);
    if (cached) return cached;
    const settings = await this.load(profile);
    this.cache.set(profile, settings);
    return settings;
  }

  /** Drops the cached settings of a profile (deleted). */
  forget(profile: string): void {
    this.cache.delete(profile);
  }

  /**
   * Replaces the settings; a webhook without `secret` keeps the stored secret.
   * @throws ValidationError naming `webhook.url` when the URL holds credentials, or names a host
   *   refused by name or an IP address in a refused range (a host name's addresses are checked
   *   when a webhook is sent).
   */
  async put(profile: string, input: TriggerSettingsInput): Promise<TriggerSettingsView> {
    await this.profiles.get(profile);
    const problem = input.webhook ? findWebhookUrlProblem(input.webhook.url, this.webhookAllowedHosts) : null;
    if (problem) {
      throw new ValidationError(
        'webhook URL refused',
        [{ field: 'webhook.url', message: problem }],
        'WEBHOOK_URL_REFUSED',
      );
    }
    // From the store, not the cache: another instance may have set the secret since.
    const settings = mergeTriggerSettings(input, await this.load(profile));
    await this.engine.system.putSetting(profile, KEY, settings);
    this.cache.set(profile, settings);
    this.onChange(profile);
    return viewTriggerSettings(settings);
  }

  private async load(profile: string): Promise<TriggerSettings> {
    const stored = (await this.engine.system.getSettings(profile))[KEY];
    const parsed = triggerSettingsSchema.safeParse(stored ?? {});
    return parsed.success ? parsed.data : {};
  }
}
