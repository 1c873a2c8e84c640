import { checkEventData } from './event-data.js';
import { WIRE_EVENT_KINDS, MAX_EVENT_AT, MIN_EVENT_AT, type EventKind } from './event-kinds.js';
import { parseIsoDateTime } from './iso-date-time.js';
import type { EventUser, LiveEvent } from './live-event.js';
import { SLUG_PATTERN } from './slug.js';

// Accepts exactly what wireEventSchema (live-event.ts) accepts, or defers: a test checks it.
const KINDS: ReadonlySet<string> = new Set(WIRE_EVENT_KINDS);
const KEYS: ReadonlySet<string> = new Set([
  'stream',
  'kind',
  'at',
  'id',
  'user',
  'count',
  'value',
  'text',
  'gift',
  'data',
]);
const USER_KEYS: ReadonlySet<string> = new Set(['id', 'name', 'display']);
const GIFT_KEYS: ReadonlySet<string> = new Set(['id', 'name']);

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max && !v.includes('\u0000');
const isCount = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 1_000_000_000;

function toId(v: unknown): string | null {
  if (isText(v, 1, 200)) return v;
  if (Number.isSafeInteger(v) && (v as number) >= 0) return String(v);
  return null;
}

function toAt(v: unknown): number | null {
  let ms: number | null = null;
  if (typeof v === 'number') ms = Number.isInteger(v) ? v : null;
  else if (typeof v === 'string') ms = parseIsoDateTime(v);
  return ms !== null && ms >= MIN_EVENT_AT && ms < MAX_EVENT_AT ? ms : null;
}

function hasOnlyKeys(o: Obj, allowed: ReadonlySet<string>): boolean {
  for (const k in o) if (!allowed.has(k)) return false;
  return true;
}

function toUser(v: unknown): EventUser | null {
  if (!isObject(v) || !hasOnlyKeys(v, USER_KEYS)) return null;
  const id = toId(v.id);
  if (id === null || !isText(v.name, 1, 200)) return null;
  if (v.display === undefined) return { id, name: v.name };
  return isText(v.display, 0, 200) ? { id, name: v.name, display: v.display } : null;
}

/** A `data` object as parsed from JSON, small enough; anything unusual is left to the schema. */
function toData(v: unknown): Record<string, unknown> | null {
  if (!isObject(v) || Object.getPrototypeOf(v) !== Object.prototype) return null;
  return checkEventData(v) === null ? v : null;
}

/**
 * The common case of `parseEventBatch`, without the schema library: returns the normalised event
 * when `raw` is certainly valid, or null when it is not or when it cannot tell cheaply (unusual
 * values). A null sends the event through the zod schema, which stays the one
 * authority on what is valid and on every error message. About ten times faster on the push path.
 */
export function parseWireEventFast(raw: unknown): LiveEvent | null {
  if (!isObject(raw) || !hasOnlyKeys(raw, KEYS)) return null;
  const { stream, kind, count, value, text } = raw;
  if (typeof stream !== 'string' || !SLUG_PATTERN.test(stream)) return null;
  if (typeof kind !== 'string' || !KINDS.has(kind)) return null;
  const at = toAt(raw.at);
  if (at === null) return null;
  if (count !== undefined && !isCount(count)) return null;
  if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1e12)) return null;
  if (text !== undefined && !isText(text, 0, 2000)) return null;
  if ((kind === 'viewers' && count === undefined) || (kind === 'chat' && text === undefined)) return null;
  const e: LiveEvent = { stream, kind: kind as EventKind, at, count: count ?? 1, value: value ?? 0 };
  if (raw.id !== undefined) {
    if (!isText(raw.id, 1, 200)) return null;
    e.id = raw.id;
  }
  if (raw.user !== undefined) {
    const user = toUser(raw.user);
    if (!user) return null;
    e.user = user;
  }
  if (text !== undefined) e.text = text;
  if (raw.gift !== undefined) {
    const g = raw.gift;
    if (!isObject(g) || !hasOnlyKeys(g, GIFT_KEYS)) return null;
    const id = toId(g.id);
    if (id === null || !isText(g.name, 1, 200)) return null;
    e.gift = { id, name: g.name };
  }
  if (raw.data !== undefined) {
    const data = toData(raw.data);
    if (!data) return null;
    e.data = data;
  }
  return e;
}
