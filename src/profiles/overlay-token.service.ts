import { randomBytes } from 'node:crypto';
import type { OverlayTokenCheck } from '../accounts/access.service.js';
import type { OverlayGrant } from '../accounts/principal.js';
import { createSecretToken, hashToken } from '../accounts/secret-token.js';
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { OverlayKind } from '../core/overlay-kinds.js';
import type { OverlayToken, OverlayTokenStore } from '../store/ports.js';
import type { ProfileService } from './profile.service.js';

/** Overlay tokens start with this, so that one found in a leak says what it is. */
export const OVERLAY_TOKEN_PREFIX = 'spo_';
/** Most overlay tokens one profile holds (one per overlay in a scene is the use). */
export const MAX_OVERLAY_TOKENS_PER_PROFILE = 50;
/** A token's last use is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

/** A token with its secret: in the answer that made it (or gave it a new secret) only. */
export interface IssuedOverlayToken extends OverlayToken {
  token: string;
}

export interface OverlayTokenInput {
  name: string;
  /** The one overlay it is for (its socket receives only what that overlay shows), or null for any. */
  overlay: OverlayKind | null;
}

/**
 * Read-only tokens for OBS overlays, carried in the overlay's URL: each reads what overlays show
 * of one profile (see OVERLAY_READ), and its live socket receives only the events of its overlay
 * kind. Only a hash is stored. A token can be given a new secret (rotated: same id, name and kind;
 * the old secret stops) or revoked; either ends the sockets opened with the old secret within the
 * live push's recheck (socket-access.ts).
 */
export class OverlayTokenService implements OverlayTokenCheck {
  constructor(
    private readonly profiles: ProfileService,
    private readonly store: OverlayTokenStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Throws `NotFoundError` for the profile and `ConflictError` OVERLAY_TOKEN_LIMIT_REACHED at
   * `MAX_OVERLAY_TOKENS_PER_PROFILE` tokens.
   */
  async create(profile: string, input: OverlayTokenInput): Promise<IssuedOverlayToken> {
    await this.profiles.get(profile);
    const held = (await this.store.listOverlayTokens(profile)).length;
    if (held >= MAX_OVERLAY_TOKENS_PER_PROFILE) {
      throw new ConflictError(
        'OVERLAY_TOKEN_LIMIT_REACHED',
        `profile '${profile}' holds ${held} overlay tokens, the most it may; revoke one first`,
      );
    }
    const token = createSecretToken(OVERLAY_TOKEN_PREFIX);
    const made: OverlayToken = {
      id: randomBytes(6).toString('hex'),
      profile,
      name: input.name,
      overlay: input.overlay,
      hint: hintOf(token),
      created_at: this.now(),
      last_used_at: null,
    };
    await this.store.createOverlayToken({ ...made, hash: hashToken(token) });
    return { ...made, token };
  }

  async list(profile: string): Promise<OverlayToken[]> {
    await this.profiles.get(profile);
    return this.store.listOverlayTokens(profile);
  }

  /** A new secret for a token; the old one stops working. Throws `NotFoundError` OVERLAY_TOKEN_NOT_FOUND. */
  async rotate(profile: string, id: string): Promise<IssuedOverlayToken> {
    await this.profiles.get(profile);
    const token = createSecretToken(OVERLAY_TOKEN_PREFIX);
    const rotated = await this.store.replaceOverlayTokenSecret(profile, id, {
      hash: hashToken(token),
      hint: hintOf(token),
    });
    if (!rotated) throw notFound(profile, id);
    return { ...rotated, token };
  }

  /** Throws `NotFoundError` OVERLAY_TOKEN_NOT_FOUND. */
  async revoke(profile: string, id: string): Promise<void> {
    await this.profiles.get(profile);
    if (!(await this.store.deleteOverlayToken(profile, id))) throw notFound(profile, id);
  }

  /** What a token grants, or null for one that is unknown, revoked or replaced; records its use. */
  async authenticate(token: string): Promise<OverlayGrant | null> {
    if (!token.startsWith(OVERLAY_TOKEN_PREFIX)) return null;
    const found = await this.store.findOverlayToken(hashToken(token));
    if (!found) return null;
    const at = this.now();
    if (found.last_used_at === null || at - found.last_used_at >= TOUCH_EVERY_MS) {
      await this.store.touchOverlayToken(found.profile, found.id, at);
    }
    return { id: found.id, profile: found.profile, overlay: found.overlay };
  }
}

const hintOf = (token: string): string => token.slice(-4);

const notFound = (profile: string, id: string) =>
  new NotFoundError('OVERLAY_TOKEN_NOT_FOUND', `profile '${profile}' has no overlay token '${id}'`);
