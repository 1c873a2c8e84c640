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

/** The longest path a problem names: deeper ones end in `…` after this many steps. */
const MAX_PATH_STEPS = 16;

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

interface Frame {
  isObject: boolean;
  keys: number;
  index: number;
  key: string;
  isExpectingKey: boolean;
}

/**
 * A linear scan of a JSON text, without recursion, for the limits above; it can go a slice at a
 * time. It tells strings from structure only: a text that is not JSON at all gets its answer from
 * `JSON.parse` afterwards. It also notes where the elements of a top-level array begin and end,
 * so that a large array can be parsed element by element.
 */
export class JsonShapeScanner {
  private readonly frames: Frame[] = [];
  private position = 0;
  /** Positions of the top-level array's `[`, each comma between its elements, and its `]`. */
  private readonly topLevelMarks: number[] = [];
  private hasTopLevelEnded = false;

  constructor(private readonly text: string) {}

  get isDone(): boolean {
    return this.position >= this.text.length;
  }

  /**
   * Scans on, about `chars` characters (a string is always scanned whole); returns the first
   * limit broken, or null.
   */
  scan(chars = Infinity): JsonProblem | null {
    const { text, frames } = this;
    const until = Math.min(text.length, this.position + chars);
    let i = this.position;
    for (; i < until; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const end = endOfString(text, i);
        if (end < 0) return { path: pathOf(frames), message: tooLong('a string') };
        const problem = frames.length > 0 ? countKey(frames.at(-1)!, text, i, end) : null;
        if (problem) return { path: pathOf(frames), message: problem };
        i = end;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        const problem = this.open(c === OPEN_BRACE, i);
        if (problem) return problem;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (frames.length === 1) this.closeTopLevel(i);
        frames.pop();
      } else if (c === COMMA && frames.length > 0) {
        this.comma(i);
      }
    }
    this.position = i;
    return null;
  }

  /**
   * When the whole text is one array (whitespace around it allowed), the `[start, end)` of each
   * element's text; otherwise null. Meaningful once the scan is done without a problem.
   */
  arrayElements(): [number, number][] | null {
    const marks = this.topLevelMarks;
    if (marks.length < 2 || this.frames.length > 0) return null;
    const first = marks[0]!;
    const last = marks.at(-1)!;
    if (this.text[first] !== '[' || !isBlank(this.text, 0, first)) return null;
    if (!isBlank(this.text, last + 1, this.text.length)) return null;
    const elements: [number, number][] = [];
    for (let m = 0; m < marks.length - 1; m++) elements.push([marks[m]! + 1, marks[m + 1]!]);
    const only = elements.length === 1 ? elements[0]! : null;
    return only && isBlank(this.text, only[0], only[1]) ? [] : elements;
  }

  private open(isObject: boolean, at: number): JsonProblem | null {
    const { frames } = this;
    if (frames.length >= MAX_JSON_DEPTH) {
      return { path: pathOf(frames), message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
    }
    // Only the first value of the text counts as its top level: anything after it is not JSON.
    if (frames.length === 0 && !isObject && !this.hasTopLevelEnded) this.topLevelMarks.push(at);
    frames.push({ isObject, keys: 0, index: 0, key: '', isExpectingKey: isObject });
    return null;
  }

  private comma(at: number): void {
    const top = this.frames.at(-1)!;
    if (top.isObject) top.isExpectingKey = true;
    else top.index += 1;
    if (this.frames.length === 1 && !top.isObject && !this.hasTopLevelEnded) this.topLevelMarks.push(at);
  }

  private closeTopLevel(at: number): void {
    if (!this.frames[0]!.isObject && !this.hasTopLevelEnded) this.topLevelMarks.push(at);
    this.hasTopLevelEnded = true;
  }
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

function pathOf(frames: readonly Frame[]): (string | number)[] {
  const path = frames.slice(0, MAX_PATH_STEPS).map((f) => (f.isObject ? f.key : f.index));
  return frames.length > MAX_PATH_STEPS ? [...path, '…'] : path;
}

function tooLong(what: string): string {
  return `holds ${what} longer than ${MAX_JSON_STRING_BYTES} bytes`;
}

/** True when `text[from..to)` holds only JSON whitespace (space, tab, line feed, return). */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}
