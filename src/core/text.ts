import { z } from 'zod';

// A pattern rather than a refinement, so that the API document states the rule too.
// eslint-disable-next-line no-control-regex -- U+0000 is the very character refused
const NO_NUL_PATTERN = /^[^\u0000]*$/;

/**
 * Free text the API takes and the stores keep or look up (names, channels, searches, ids chosen
 * by a platform): `min` to `max` characters, never U+0000, which PostgreSQL can neither store
 * nor compare, so no engine accepts it.
 */
export function textSchema(min: number, max: number): z.ZodString {
  return z.string().min(min).max(max).regex(NO_NUL_PATTERN, 'must not contain the NUL character (U+0000)');
}
