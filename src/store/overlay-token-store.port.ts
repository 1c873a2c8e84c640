import type { OverlayKind } from '../core/overlay-kinds.js';

/**
 * A read-only token an OBS overlay carries in its URL: it reads one profile, for one overlay kind
 * or any. Only its hash is stored; `hint` is its end, to tell tokens apart.
 */
export interface OverlayToken {
  id: string;
  profile: string;
  name: string;
  /** The overlay it was made for, or null for any. */
  overlay: OverlayKind | null;
  hint: string;
  created_at: number;
  /** Its last use (at minute resolution), or null before any use of its current secret. */
  last_used_at: number | null;
}

/** What is stored of a token's secret. */
export interface OverlayTokenSecret {
  hash: string;
  hint: string;
}

/**
 * The profiles' overlay tokens. `createOverlayToken` throws `NotFoundError` when the profile does
 * not exist; a token goes with its profile.
 */
export interface OverlayTokenStore {
  createOverlayToken(token: OverlayToken & OverlayTokenSecret): Promise<void>;
  /** A profile's tokens, oldest first. */
  listOverlayTokens(profile: string): Promise<OverlayToken[]>;
  /** The token with this hash, or null. */
  findOverlayToken(hash: string): Promise<OverlayToken | null>;
  /**
   * Gives a token a new secret (the old one stops finding it) and clears its last use; returns
   * the token as it is now, or null when the profile has no such token.
   */
  replaceOverlayTokenSecret(
    profile: string,
    id: string,
    secret: OverlayTokenSecret,
  ): Promise<OverlayToken | null>;
  deleteOverlayToken(profile: string, id: string): Promise<boolean>;
  /** Records a use of a token. */
  touchOverlayToken(profile: string, id: string, at: number): Promise<void>;
}
