import { ConflictError, profileNotFound, streamNotFound, ValidationError } from '../core/errors.js';
import { displayTextProblem } from '../core/display-text.js';
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

/** How many profiles, and streams per profile, may be created. */
export interface ProfileLimits {
  profiles: number;
  streamsPerProfile: number;
}

const NO_LIMITS: ProfileLimits = { profiles: Infinity, streamsPerProfile: Infinity };
const NAME_MAX = 200;

/** Throws `ValidationError` naming `field` when `value` is not a name a person could give. */
function checkName(field: string, value: string): void {
  const problem = displayTextProblem(value, NAME_MAX);
  if (problem) throw new ValidationError(`invalid ${field}`, [{ field, message: problem }]);
}

/**
 * Profiles and their streams. Deleting a profile first removes it from the system store (so new
 * events are refused), then lets `beforeDrop` finish in-flight work, then deletes its data.
 * Names are checked alike whatever the engine; creation stops at the limits (409).
 */
export class ProfileService {
  constructor(
    private readonly engine: StoreEngine,
    private readonly hooks: ProfileHooks = {},
    private readonly limits: ProfileLimits = NO_LIMITS,
  ) {}

  list(): Promise<Profile[]> {
    return this.engine.system.listProfiles();
  }

  async get(id: string): Promise<Profile> {
    const profile = isSlug(id) ? await this.engine.system.getProfile(id) : null;
    if (!profile) throw profileNotFound(id);
    return profile;
  }

  /**
   * Throws `ValidationError` for an id that is not a slug or a name that is not one, and
   * `ConflictError` PROFILE_LIMIT_REACHED when the server holds as many profiles as allowed.
   */
  async create(input: { id: string; name: string }): Promise<Profile> {
    const profiles = await this.engine.system.listProfiles();
    if (profiles.length >= this.limits.profiles) {
      throw new ConflictError(
        'PROFILE_LIMIT_REACHED',
        `this server holds ${profiles.length} profiles, the most it allows (STREAMPULSE_MAX_PROFILES); delete one first`,
      );
    }
    return this.createProfile(input);
  }

  /** Returns the profile, creating it first if it does not exist (the server's own: no limit). */
  async ensure(id: string, name: string): Promise<Profile> {
    return (await this.engine.system.getProfile(id)) ?? this.createProfile({ id, name });
  }

  async rename(id: string, name: string): Promise<Profile> {
    checkName('name', name);
    await this.get(id);
    return this.engine.system.renameProfile(id, name);
  }

  private async createProfile(input: { id: string; name: string }): Promise<Profile> {
    if (!isSlug(input.id)) {
      throw new ValidationError('invalid profile id', [
        { field: 'id', message: 'must be a slug (a-z, 0-9, -, _)' },
      ]);
    }
    checkName('name', input.name);
    const profile = await this.engine.system.createProfile(input);
    await this.engine.openProfile(profile.id);
    return profile;
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

  /**
   * Throws `ValidationError` for a channel that is not a name a person could give, and
   * `ConflictError` STREAM_LIMIT_REACHED when the profile holds as many streams as allowed.
   */
  async createStream(profile: string, input: StreamInput): Promise<StreamInfo> {
    checkName('channel', input.channel);
    const streams = await this.listStreams(profile);
    if (streams.length >= this.limits.streamsPerProfile && !streams.some((s) => s.id === input.id)) {
      throw new ConflictError(
        'STREAM_LIMIT_REACHED',
        `profile '${profile}' holds ${streams.length} streams, the most it may (STREAMPULSE_MAX_STREAMS_PER_PROFILE)`,
      );
    }
    const stream = await this.engine.system.createStream(profile, {
      ...input,
      enabled: input.enabled ?? false,
    });
    this.hooks.onStreamChange?.(profile, stream);
    return stream;
  }

  async updateStream(profile: string, id: string, patch: StreamPatch): Promise<StreamInfo> {
    if (patch.channel !== undefined) checkName('channel', patch.channel);
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
