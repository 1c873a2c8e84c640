import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError } from '../core/errors.js';
import type { IngestKey, StoreEngine } from '../store/ports.js';
import type { ProfileService } from './profile.service.js';

const KEY_PREFIX = 'spk_';

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

  async create(profile: string, name: string): Promise<IssuedIngestKey> {
    await this.profiles.get(profile);
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
