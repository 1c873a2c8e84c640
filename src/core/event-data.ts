import { keyName } from './key-name.js';
import { utf8ByteLength } from './utf8.js';

/**
 * The most an event's `data` may take, serialised as JSON, in UTF-8 bytes. Fixed: `data` is a
 * small bag of extra fields, and every stored copy of the event carries it.
 */
export const MAX_DATA_BYTES = 4096;

/** How deep `data` may nest: `data` itself is level 1, an object inside it level 2. */
export const MAX_DATA_DEPTH = 16;

/** Keys `data` may hold, counting those of every object nested in it. */
export const MAX_DATA_KEYS = 256;

/**
 * Keys refused anywhere in `data`: they name JavaScript object internals, and code that copies
 * an object key by key (a schema library, `Object.assign`) treats them as anything but data.
 */
export const FORBIDDEN_DATA_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** What is wrong with a `data` value: where (path inside `data`) and what. */
export interface DataProblem {
  path: (string | number)[];
  message: string;
}

interface Pending {
  value: unknown;
  path: (string | number)[];
  depth: number;
}

interface Walk {
  pending: Pending[];
  keys: number;
  bytes: number;
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

const TOO_BIG = `must serialise to at most ${MAX_DATA_BYTES} bytes of UTF-8 JSON`;

/**
 * The first problem of a `data` object, or null when it keeps every limit above. A value that is
 * not an object at all is left to the schema to refuse. Walks the value with an explicit stack,
 * never recursion, and stops as soon as a lower bound of its serialised size passes
 * MAX_DATA_BYTES, so a hostile value (deeply nested, huge, cyclic) costs at most a few thousand
 * steps. Only then does it serialise the value to measure its exact size.
 */
export function checkEventData(data: unknown): DataProblem | null {
  if (!isContainer(data) || Array.isArray(data)) return null;
  const walk: Walk = { pending: [{ value: data, path: [], depth: 1 }], keys: 0, bytes: 0 };
  while (walk.pending.length > 0) {
    const node = walk.pending.pop()!;
    if (node.depth > MAX_DATA_DEPTH) {
      return { path: node.path, message: `nests deeper than ${MAX_DATA_DEPTH} levels` };
    }
    const problem = Array.isArray(node.value) ? visitArray(node, walk) : visitObject(node, walk);
    if (problem) return problem;
  }
  return utf8ByteLength(JSON.stringify(data)) > MAX_DATA_BYTES ? { path: [], message: TOO_BIG } : null;
}

function visitArray(node: Pending, walk: Walk): DataProblem | null {
  const items = node.value as unknown[];
  walk.bytes += 2;
  for (let i = 0; i < items.length; i++) {
    walk.bytes += 1 + sizeOf(items[i]);
    if (walk.bytes > MAX_DATA_BYTES) return { path: [], message: TOO_BIG };
    if (isContainer(items[i]))
      walk.pending.push({ value: items[i], path: [...node.path, i], depth: node.depth + 1 });
  }
  return null;
}

function visitObject(node: Pending, walk: Walk): DataProblem | null {
  const object = node.value as Record<string, unknown>;
  walk.bytes += 2;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    if (FORBIDDEN_DATA_KEYS.has(key)) {
      return {
        path: [...node.path, key],
        message: 'is not allowed: the name of a JavaScript object internal',
      };
    }
    const value = object[key];
    if (value === undefined) continue;
    walk.keys += 1;
    if (walk.keys > MAX_DATA_KEYS)
      return { path: [], message: `holds more than ${MAX_DATA_KEYS} keys in all` };
    walk.bytes += key.length + 4 + sizeOf(value);
    if (walk.bytes > MAX_DATA_BYTES) return { path: [], message: TOO_BIG };
    if (isContainer(value))
      walk.pending.push({ value, path: [...node.path, keyName(key)], depth: node.depth + 1 });
  }
  return null;
}

/** A lower bound of a leaf's serialised size; containers count as they are visited. */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (value === null) return 4;
  return 1;
}
