import { keyName } from './key-name.js';

/**
 * Limits of any JSON text the server parses from outside: an HTTP body, one NDJSON line, one
 * WebSocket message. They are far above what a valid event needs (an event's `data` is refused
 * past 16 levels, 256 keys and 4096 bytes, see event-data.ts) and only bound the work a hostile
 * text can cause before anything walks the parsed value. Fixed, not settings.
 */
export const MAX_JSON_DEPTH = 64;

/** Keys one JSON object may hold. */
export const MAX_JSON_OBJECT_KEYS = 1024;

/** UTF-8 bytes of one string (or key) as sent, escapes included, between its quotes. */
export const MAX_JSON_STRING_BYTES = 65_536;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Where a JSON text breaks a limit (the path of keys and indexes to it) and which. */
export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

export type BoundedJson = { ok: true; value: unknown } | ({ ok: false } & JsonProblem);

interface Frame {
  isObject: boolean;
  keys: number;
  index: number;
  key: string;
  isExpectingKey: boolean;
}

/**
 * Parses a JSON text that keeps the limits above. The text is first scanned once, linearly and
 * without recursion, so that a body nested 100,000 levels deep or holding a million keys is
 * refused (with the path where it broke the limit) before `JSON.parse` builds it and before
 * anything recurses over it.
 */
export function parseBoundedJson(text: string): BoundedJson {
  const problem = checkJsonShape(text);
  if (problem) return { ok: false, ...problem };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, path: [], message: `is not valid JSON: ${reason}` };
  }
}

/**
 * The first limit `text` breaks, or null. Only tells strings from structure: a text that is not
 * JSON at all gets its answer from `JSON.parse`.
 */
export function checkJsonShape(text: string): JsonProblem | null {
  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = endOfString(text, i);
      if (end < 0) return { path: pathOf(frames), message: tooLong('a string') };
      const problem = frames.length > 0 ? countKey(frames.at(-1)!, text, i, end) : null;
      if (problem) return { path: pathOf(frames), message: problem };
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (frames.length >= MAX_JSON_DEPTH) {
        return { path: pathOf(frames), message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
      }
      const isObject = c === OPEN_BRACE;
      frames.push({ isObject, keys: 0, index: 0, key: '', isExpectingKey: isObject });
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      frames.pop();
    } else if (c === COMMA && frames.length > 0) {
      const top = frames.at(-1)!;
      if (top.isObject) top.isExpectingKey = true;
      else top.index += 1;
    }
  }
  return null;
}

/**
 * The index of the quote that closes the string opening at `start` (or `text.length` when none
 * does), or -1 once the string passes MAX_JSON_STRING_BYTES.
 */
function endOfString(text: string, start: number): number {
  let bytes = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c === BACKSLASH) {
      i += 1;
      bytes += 2;
    } else {
      // A surrogate pair is 4 bytes: 2 for each half.
      bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
    }
    if (bytes > MAX_JSON_STRING_BYTES) return -1;
  }
  return text.length;
}

/** When the string at `start..end` is a key of `frame`, counts it; returns a problem or null. */
function countKey(frame: Frame, text: string, start: number, end: number): string | null {
  if (!frame.isObject || !frame.isExpectingKey) return null;
  frame.isExpectingKey = false;
  frame.keys += 1;
  if (frame.keys > MAX_JSON_OBJECT_KEYS) return `holds more than ${MAX_JSON_OBJECT_KEYS} keys`;
  frame.key = keyName(decodeKey(text.slice(start, end + 1)));
  return null;
}

function decodeKey(quoted: string): string {
  const raw = quoted.slice(1, -1);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(quoted) as string;
  } catch {
    // Not JSON: the parse that follows the scan says so.
    return raw;
  }
}

/** The longest path a problem names: deeper ones end in `…` after this many steps. */
const MAX_PATH_STEPS = 16;

function pathOf(frames: readonly Frame[]): (string | number)[] {
  const path = frames.slice(0, MAX_PATH_STEPS).map((f) => (f.isObject ? f.key : f.index));
  return frames.length > MAX_PATH_STEPS ? [...path, '…'] : path;
}

function tooLong(what: string): string {
  return `holds ${what} longer than ${MAX_JSON_STRING_BYTES} bytes`;
}
