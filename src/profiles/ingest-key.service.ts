import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '../core/errors.js';
import { Listeners, type ListenerFailure } from '../core/listeners.js';
import type { IngestKey, SystemStore } from '../store/ports.js';
import type { ProfileService } from './profile.service.js';

const KEY_PREFIX = 'spk_';
/** Most ingest keys one profile holds (one per bot or tool is the use). */
export const MAX_INGEST_KEYS_PER_PROFILE = 50;

/** A new key: the secret is shown once, only its hash is stored. */
export interface IssuedIngestKey extends IngestKey {
  key: string;
}

/**
 * Called when keys stop being valid: one key of a profile (`keyId`), or all of them (`null`,
 * the profile was deleted).
 */
export type RevocationListener = (profile: string, keyId: string | null) => void;

/**
 * Per-profile ingest keys for the /ingest WebSocket. A key is 32 random bytes (base64url) with
 * a `spk_` prefix; being random and long, a plain SHA-256 of it is a safe thing to store and
 * look up (a slow password hash buys nothing here). Revocations are announced (`onRevoke`) so
 * that sockets opened with a key are closed with it.
 */
export class IngestKeyService {
  private readonly revoked: Listeners<Parameters<RevocationListener>>;

  /** `onListenerFailure`: told when a revocation listener fails (the others still run). */
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: { system: SystemStore },
    onListenerFailure: ListenerFailure<Parameters<RevocationListener>>,
    private readonly now: () => number = Date.now,
  ) {
    this.revoked = new Listeners(onListenerFailure);
  }

  /** Throws `ConflictError` INGEST_KEY_LIMIT_REACHED at `MAX_INGEST_KEYS_PER_PROFILE` keys. */
  async create(profile: string, name: string): Promise<IssuedIngestKey> {
    await this.profiles.get(profile);
    const held = (await this.engine.system.listIngestKeys(profile)).length;
    if (held >= MAX_INGEST_KEYS_PER_PROFILE) {
      throw new ConflictError(
        'INGEST_KEY_LIMIT_REACHED',
        `profile '${profile}' holds ${held} ingest keys, the most it may; revoke one first`,
      );
    }
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const issued: IssuedIngestKey = {
      id: randomBytes(6).toString('hex'),
      profile,
      name,
      hint: key.slice(-4),
      created_at: this.now(),
      key,
    };
    await this.engine.system.createIngestKey({ ...issued, hash: hashKey(key) });
    return issued;
  }

  async list(profile: string): Promise<IngestKey[]> {
    await this.profiles.get(profile);
    return this.engine.system.listIngestKeys(profile);
  }

  async revoke(profile: string, id: string): Promise<void> {
    await this.profiles.get(profile);
    if (!(await this.engine.system.deleteIngestKey(profile, id))) {
      throw new NotFoundError('INGEST_KEY_NOT_FOUND', `profile '${profile}' has no ingest key '${id}'`);
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

  /** The key (with its profile), or null for an unknown or revoked key. */
  async authenticate(key: string): Promise<IngestKey | null> {
    if (!key.startsWith(KEY_PREFIX)) return null;
    return this.engine.system.findIngestKey(hashKey(key));
  }

  /** The ids of a profile's keys that are still valid (none once the profile is deleted). */
  async validKeyIds(profile: string): Promise<Set<string>> {
    return new Set((await this.engine.system.listIngestKeys(profile)).map((k) => k.id));
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
