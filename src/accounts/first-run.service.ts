import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConflictError, ForbiddenError, UnauthorizedError } from '../core/errors.js';
import type { AccountService } from './account.service.js';
import type { User } from '../store/ports.js';

/** How long the first-run link works. */
export const SETUP_LINK_TTL_MS = 60 * 60_000;

/**
 * The first run: while no user exists, the server holds one random setup token and prints a link
 * with it; the link creates the owner account (a server admin) once, from this machine only, and
 * expires. A restart makes a new token; with users, there is none.
 */
export class FirstRunService {
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly accounts: AccountService,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh token when no user exists yet (the link to print), else null. */
  async begin(): Promise<{ token: string; expiresAt: number } | null> {
    if (await this.accounts.hasUsers()) return (this.token = null);
    this.token = { value: randomBytes(24).toString('base64url'), expiresAt: this.now() + SETUP_LINK_TTL_MS };
    return { token: this.token.value, expiresAt: this.token.expiresAt };
  }

  /** Whether the owner account is still to be created. */
  async isNeeded(): Promise<boolean> {
    return !(await this.accounts.hasUsers());
  }

  /**
   * Creates the owner with the link's token, from a loopback address. Throws `ForbiddenError`
   * SETUP_LOOPBACK_ONLY from elsewhere, `UnauthorizedError` SETUP_TOKEN_INVALID for a wrong,
   * used or expired token, `ConflictError` SETUP_DONE once a user exists.
   */
  async createOwner(input: {
    token: string;
    name: string;
    password: string;
    isLoopback: boolean;
  }): Promise<User> {
    if (!input.isLoopback) {
      throw new ForbiddenError(
        'SETUP_LOOPBACK_ONLY',
        'the owner account is created from the machine StreamPulse runs on',
      );
    }
    if (await this.accounts.hasUsers())
      throw new ConflictError('SETUP_DONE', 'the owner account exists; log in');
    const held = this.token;
    if (!held || held.expiresAt <= this.now() || !sameSecret(held.value, input.token)) {
      throw new UnauthorizedError(
        'SETUP_TOKEN_INVALID',
        'this setup link is wrong or has expired; restart StreamPulse for a new one',
      );
    }
    // Taken while the account is made, so a second request cannot make another; given back if
    // the name or password is refused, so a typo does not spend the link.
    this.token = null;
    try {
      return await this.accounts.createUser({ name: input.name, password: input.password, isAdmin: true });
    } catch (err) {
      this.token = held;
      throw err;
    }
  }
}

function sameSecret(held: string, given: string): boolean {
  const a = Buffer.from(held);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
