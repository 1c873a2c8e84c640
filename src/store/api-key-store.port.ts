import type { ApiKeyScope } from '../core/api-key-scopes.js';

/** A key that lets a client act on one profile; only its hash is stored, `hint` is its end. */
export interface ApiKey {
  id: string;
  profile: string;
  name: string;
  hint: string;
  scopes: ApiKeyScope[];
  /** The one stream it may push to, or null for every stream of the profile (the seed's stream key). */
  stream: string | null;
  /** It stops working then (epoch ms), or never. */
  expires_at: number | null;
  /** Its last use (at minute resolution), or null before any. */
  last_used_at: number | null;
  created_at: number;
}

/**
 * The profiles' API keys. `createApiKey` throws `NotFoundError` when the profile (or the stream
 * it is bound to) does not exist; a key goes with its profile and with its stream.
 */
export interface ApiKeyStore {
  createApiKey(key: ApiKey & { hash: string }): Promise<void>;
  /** A profile's keys, oldest first. */
  listApiKeys(profile: string): Promise<ApiKey[]>;
  deleteApiKey(profile: string, id: string): Promise<boolean>;
  /** The key with this hash, or null. */
  findApiKey(hash: string): Promise<ApiKey | null>;
  /** Records a use of a key. */
  touchApiKey(profile: string, id: string, at: number): Promise<void>;
}
