/** The longest key name a problem's field quotes; longer ones are cut with `…`. */
export const MAX_QUOTED_KEY = 64;

/** A key as a step of a problem's field: cut to MAX_QUOTED_KEY characters, so input is not echoed whole. */
export function keyName(key: string): string {
  return key.length > MAX_QUOTED_KEY ? `${key.slice(0, MAX_QUOTED_KEY)}…` : key;
}
