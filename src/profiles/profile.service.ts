import { profileNotFound, streamNotFound, ValidationError } from '../core/errors.js';
import { isSlug } from '../core/slug.js';
import { isTimeZone } from '../core/zoned-time.js';
import type { Platform, Profile, StoreEngine, StreamInfo, StreamPatch } from '../store/ports.js';

export interface StreamInput {
  id: string;
  platform: Platform;
  channel: string;
  enabled?: boolean;
}

const TIME_ZONE_KEY = 'timezone';

/** What others hold per profile or stream and must let go of or follow. */
export interface ProfileHooks {
  /** A deleted profile's in-flight work must finish before its data goes. */
  beforeDrop?: (profile: string) => Promise<void>;
  /** A stream was created or changed. */
  onStreamChange?: (profile: string, stream: StreamInfo) => void;
  /** A stream is being removed; resolves once nothing runs for it any more. */
  beforeStreamDelete?: (profile: string, stream: string) => Promise<void>;
}

/**
 * Profiles and their streams. Deleting a profile first removes it from the system store (so new
 * events are refused), then lets `beforeDrop` finish in-flight work, then deletes its data.
 */
export class ProfileService {
  constructor(
    private readonly engine: StoreEngine,
    private readonly hooks: ProfileHooks = {},
  ) {}

  list(): Promise<Profile[]> {
    return this.engine.system.listProfiles();
  }

  async get(id: string): Promise<Profile> {
    const profile = isSlug(id) ? await this.engine.system.getProfile(id) : null;
    if (!profile) throw profileNotFound(id);
    return profile;
  }

  async create(input: { id: string; name: string }): Promise<Profile> {
    if (!isSlug(input.id)) {
      throw new ValidationError('invalid profile id', [
        { field: 'id', message: 'must be a slug (a-z, 0-9, -, _)' },
      ]);
    }
    const profile = await this.engine.system.createProfile(input);
    await this.engine.openProfile(profile.id);
    return profile;
  }

  /** Returns the profile, creating it first if it does not exist. */
  async ensure(id: string, name: string): Promise<Profile> {
    return (await this.engine.system.getProfile(id)) ?? this.create({ id, name });
  }

  async rename(id: string, name: string): Promise<Profile> {
    await this.get(id);
    return this.engine.system.renameProfile(id, name);
  }

  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.engine.system.deleteProfile(id);
    await this.hooks.beforeDrop?.(id);
    await this.engine.dropProfile(id);
  }

  /** The profile's IANA time zone, for day, week and month boundaries (default UTC). */
  async getTimeZone(profile: string): Promise<string> {
    await this.get(profile);
    const stored = (await this.engine.system.getSettings(profile))[TIME_ZONE_KEY];
    return typeof stored === 'string' && isTimeZone(stored) ? stored : 'UTC';
  }

  /** Sets the time zone; throws `ValidationError` naming the field for an unknown zone. */
  async setTimeZone(profile: string, timeZone: string): Promise<string> {
    await this.get(profile);
    if (!isTimeZone(timeZone)) {
      throw new ValidationError('unknown time zone', [
        { field: 'timezone', message: `must be an IANA time zone such as Europe/Berlin, got '${timeZone}'` },
      ]);
    }
    await this.engine.system.putSetting(profile, TIME_ZONE_KEY, timeZone);
    return timeZone;
  }

  async listStreams(profile: string): Promise<StreamInfo[]> {
    await this.get(profile);
    return this.engine.system.listStreams(profile);
  }

  async getStream(profile: string, id: string): Promise<StreamInfo> {
    const stream = (await this.listStreams(profile)).find((s) => s.id === id);
    if (!stream) throw streamNotFound(profile, id);
    return stream;
  }

  async createStream(profile: string, input: StreamInput): Promise<StreamInfo> {
    await this.get(profile);
    const stream = await this.engine.system.createStream(profile, {
      ...input,
      enabled: input.enabled ?? false,
    });
    this.hooks.onStreamChange?.(profile, stream);
    return stream;
  }

  async updateStream(profile: string, id: string, patch: StreamPatch): Promise<StreamInfo> {
    await this.getStream(profile, id);
    const stream = await this.engine.system.updateStream(profile, id, patch);
    this.hooks.onStreamChange?.(profile, stream);
    return stream;
  }

  async deleteStream(profile: string, id: string): Promise<void> {
    await this.getStream(profile, id);
    await this.hooks.beforeStreamDelete?.(profile, id);
    await this.engine.system.deleteStream(profile, id);
  }
}
