import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { IngestKey, StoreEngine } from '../store/ports.js';
import type { ProfileService } from './profile.service.js';

const KEY_PREFIX = 'spk_';
/** Most ingest keys one profile holds (one per bot or tool is the use). */
export const MAX_INGEST_KEYS_PER_PROFILE = 50;

/** A new key: the secret is shown once, only its hash is stored. */
export interface IssuedIngestKey extends IngestKey {
  key: string;
}

/**
 * Per-profile ingest keys for the /ingest WebSocket. A key is 32 random bytes (base64url) with
 * a `spk_` prefix; being random and long, a plain SHA-256 of it is a safe thing to store and
 * look up (a slow password hash buys nothing here).
 */
export class IngestKeyService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: StoreEngine,
    private readonly now: () => number = Date.now,
  ) {}

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
  }

  /** The profile a key belongs to, or null for an unknown or revoked key. */
  async authenticate(key: string): Promise<string | null> {
    if (!key.startsWith(KEY_PREFIX)) return null;
    return (await this.engine.system.findIngestKey(hashKey(key)))?.profile ?? null;
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
