import { z } from 'zod';

/**
 * Ids of profiles and streams: lower-case letters, digits, `-` and `_`, starting with a letter or
 * digit, at most 64 characters. Profile ids name database files, so nothing that could escape a
 * directory (`..`, `/`, `\`, empty, very long) is ever accepted.
 */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const slugSchema = z
  .string()
  .regex(SLUG_PATTERN, 'must be 1-64 characters of a-z, 0-9, "-" or "_", starting with a letter or digit');

export function isSlug(value: string): boolean {
  return SLUG_PATTERN.test(value);
}
