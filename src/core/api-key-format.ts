/**
 * API keys look like `spk_` + 30 random base62 characters + 6 characters of checksum (the CRC-32
 * of the 30, in base62): recognisable in a leak by their prefix, and checkable offline, so a
 * secret scanner can tell a real key from a look-alike without asking the server.
 */
export const API_KEY_PREFIX = 'spk_';
const BODY_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SHAPE = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);

/** A key from random bytes (at least 30; each is reduced to a base62 digit without bias). */
export function formatApiKey(randomBytes: Uint8Array): string {
  let body = '';
  // Bytes >= 248 are skipped: 248 is the largest multiple of 62 below 256.
  for (const byte of randomBytes) {
    if (byte < 248) body += BASE62[byte % 62];
    if (body.length === BODY_LENGTH) return API_KEY_PREFIX + body + checksum(body);
  }
  throw new Error(`not enough random bytes for an API key (${randomBytes.length})`);
}

/** Whether `key` has the shape and checksum of an API key (not whether it is valid). */
export function isWellFormedApiKey(key: string): boolean {
  if (!SHAPE.test(key)) return false;
  const body = key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + BODY_LENGTH);
  return key.endsWith(checksum(body));
}

function checksum(body: string): string {
  let n = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
