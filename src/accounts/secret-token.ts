import { createHash, randomBytes } from 'node:crypto';

/** A new random secret (32 bytes, base64url) behind a prefix that says what it is. */
export function createSecretToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What is stored of a token: being long and random, a plain SHA-256 is a safe lookup key. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A short random public id (not a secret). */
export function createPublicId(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * The CSRF token of a login: derived from its secret token, so it needs no storage, ends with the
 * login, and cannot be computed by a page that cannot read the (HttpOnly) cookie.
 */
export function csrfTokenOf(loginToken: string): string {
  return createHash('sha256').update(`streampulse-csrf:${loginToken}`).digest('base64url');
}
