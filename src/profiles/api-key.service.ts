import { randomBytes } from 'node:crypto';
import { hashToken } from '../accounts/secret-token.js';
import { API_KEY_PREFIX, formatApiKey } from '../core/api-key-format.js';
import type { ApiKeyScope } from '../core/api-key-scopes.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { Listeners, type ListenerFailure } from '../core/listeners.js';
import type { ApiKey, ApiKeyStore } from '../store/ports.js';
import type { ProfileService } from './profile.service.js';

/** Most keys one profile holds (one per bot or tool is the use). */
export const MAX_API_KEYS_PER_PROFILE = 50;
/** A key's last use is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

/** A new key: the secret is in this answer only; only its hash is stored. */
export interface IssuedApiKey extends ApiKey {
  key: string;
}

export interface ApiKeyInput {
  name: string;
  scopes: readonly ApiKeyScope[];
  /** Bind it to one stream: it may push that stream's events only (the seed's stream key). */
  stream?: string | null;
  /** It stops working then (epoch ms). */
  expiresAt?: number | null;
  /** Whether a server admin asks for it: only they may grant the `metrics` scope. */
  byAdmin?: boolean;
}

/**
 * Called when keys stop being valid: one key of a profile (`keyId`), or all of them (`null`,
 * the profile was deleted).
 */
export type RevocationListener = (profile: string, keyId: string | null) => void;

/**
 * Per-profile API keys: scopes (`ingest`, `read`, `manage`; `metrics`, granted by admins only,
 * reads the server's metrics whatever the profile), optionally one stream, an expiry,
 * the last use. A key is random and long (see core/api-key-format.ts), so a plain SHA-256 of it
 * is a safe thing to store and look up (a slow password hash buys nothing here). Revocations are
 * announced (`onRevoke`) so that sockets opened with a key are closed with it.
 */
export class ApiKeyService {
  private readonly revoked: Listeners<Parameters<RevocationListener>>;

  /** `onListenerFailure`: told when a revocation listener fails (the others still run). */
  constructor(
    private readonly profiles: ProfileService,
    private readonly store: ApiKeyStore,
    onListenerFailure: ListenerFailure<Parameters<RevocationListener>>,
    private readonly now: () => number = Date.now,
  ) {
    this.revoked = new Listeners(onListenerFailure);
  }

  /**
   * Throws `ValidationError` naming the field, `NotFoundError` for the profile or stream,
   * `ForbiddenError` ADMIN_REQUIRED for the `metrics` scope asked by someone who is not a server
   * admin, and `ConflictError` API_KEY_LIMIT_REACHED at `MAX_API_KEYS_PER_PROFILE` keys.
   */
  async create(profile: string, input: ApiKeyInput): Promise<IssuedApiKey> {
    await this.profiles.get(profile);
    // The metrics name every profile: an owner of one must not be able to read the others' through them.
    if (input.scopes.includes('metrics') && !input.byAdmin) {
      throw new ForbiddenError('ADMIN_REQUIRED', 'only a server admin may grant the metrics scope');
    }
    this.check(input);
    const held = (await this.store.listApiKeys(profile)).length;
    if (held >= MAX_API_KEYS_PER_PROFILE) {
      throw new ConflictError(
        'API_KEY_LIMIT_REACHED',
        `profile '${profile}' holds ${held} API keys, the most it may; revoke one first`,
      );
    }
    const key = formatApiKey(randomBytes(64));
    const issued: IssuedApiKey = {
      id: randomBytes(6).toString('hex'),
      profile,
      name: input.name,
      hint: key.slice(-4),
      scopes: [...new Set(input.scopes)].sort(),
      stream: input.stream ?? null,
      expires_at: input.expiresAt ?? null,
      last_used_at: null,
      created_at: this.now(),
      key,
    };
    await this.store.createApiKey({ ...issued, hash: hashToken(key) });
    return issued;
  }

  async list(profile: string): Promise<ApiKey[]> {
    await this.profiles.get(profile);
    return this.store.listApiKeys(profile);
  }

  async revoke(profile: string, id: string): Promise<void> {
    await this.profiles.get(profile);
    if (!(await this.store.deleteApiKey(profile, id))) {
      throw new NotFoundError('API_KEY_NOT_FOUND', `profile '${profile}' has no API key '${id}'`);
    }
    this.revoked.emit(profile, id);
  }

  /** Tells the revocation listeners that every key of a deleted profile went with it. */
  profileDeleted(profile: string): void {
    this.revoked.emit(profile, null);
  }

  /** Calls `listener` on every revocation made through this service (not other instances'). */
  onRevoke(listener: RevocationListener): void {
    this.revoked.add(listener);
  }

  /** The key, or null for an unknown, revoked or expired one; records its use. */
  async authenticate(key: string): Promise<ApiKey | null> {
    if (!key.startsWith(API_KEY_PREFIX)) return null;
    const found = await this.store.findApiKey(hashToken(key));
    const at = this.now();
    if (!found || isExpired(found, at)) return null;
    if (found.last_used_at === null || at - found.last_used_at >= TOUCH_EVERY_MS) {
      await this.store.touchApiKey(found.profile, found.id, at);
      found.last_used_at = at;
    }
    return found;
  }

  /** The ids of a profile's keys that are still valid (none once the profile is deleted). */
  async validKeyIds(profile: string): Promise<Set<string>> {
    const at = this.now();
    return new Set((await this.store.listApiKeys(profile)).filter((k) => !isExpired(k, at)).map((k) => k.id));
  }

  private check(input: ApiKeyInput): void {
    const issues = [];
    if (input.scopes.length === 0) issues.push({ field: 'scopes', message: 'must name at least one scope' });
    if (input.scopes.includes('metrics') && input.scopes.some((s) => s !== 'metrics')) {
      issues.push({
        field: 'scopes',
        message: 'the metrics scope is given alone: such a key reads the metrics only',
      });
    }
    if (input.stream && input.scopes.some((s) => s !== 'ingest')) {
      issues.push({ field: 'stream', message: 'a key bound to a stream may only have the ingest scope' });
    }
    if (input.expiresAt != null && input.expiresAt <= this.now()) {
      issues.push({ field: 'expires_at', message: 'must be in the future' });
    }
    if (issues.length > 0) throw new ValidationError('invalid API key', issues);
  }
}

const isExpired = (key: ApiKey, at: number): boolean => key.expires_at !== null && key.expires_at <= at;
