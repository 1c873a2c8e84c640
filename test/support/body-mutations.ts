import fc from 'fast-check';
import {
  deeplyNested,
  hostileContentType,
  hostileJsonText,
  hostileString,
  notJsonText,
} from './hostile-input.js';

/** A request body as sent: its content type (none: no header) and its text. */
export interface BodyPart {
  contentType?: string;
  payload: string;
}

/** A body mutation: its name (reported with a failure) and the body it produces. */
export interface MutatedBody {
  variant: string;
  body: BodyPart | undefined;
}

/** Stands for raw JSON text while a value is stringified; no generated string holds it. */
const RAW = '\u0000fuzz-raw\u0000';
/** Deep enough to overflow a recursive walk of the parsed value, small enough for the body limit. */
const DEEP = 20_000;

/**
 * Invalid bodies made from a valid one: a value swapped for another type or a hostile value at
 * any depth, a required field dropped, a field added (`__proto__` too), the whole body replaced,
 * text that is not JSON, a wrong content type, too many bytes, or none at all.
 */
export function mutatedBodies(valid: fc.Arbitrary<unknown>, bodyLimit: number): fc.Arbitrary<MutatedBody> {
  const json = (payload: string) => ({ contentType: 'application/json', payload });
  return fc.oneof(
    fc.tuple(valid, fc.nat(), hostileJsonText).map(([v, at, raw]) => ({
      variant: 'a value of the wrong type or out of range',
      body: json(replaceAt(v, at, raw)),
    })),
    fc.tuple(valid, fc.nat(), hostileString).map(([v, at, text]) => ({
      variant: 'a hostile string in place of a value',
      body: json(replaceAt(v, at, JSON.stringify(text))),
    })),
    fc.tuple(valid, fc.nat()).map(([v, at]) => ({ variant: 'a field dropped', body: json(dropAt(v, at)) })),
    fc
      .tuple(
        valid,
        fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', ''), fc.string()),
        hostileJsonText,
      )
      .map(([v, key, raw]) => ({
        variant: `an unknown field ${JSON.stringify(key)}`,
        body: json(addField(v, key, raw)),
      })),
    hostileJsonText.map((raw) => ({ variant: 'another JSON value as the whole body', body: json(raw) })),
    notJsonText.map((text) => ({ variant: 'a body that is not JSON', body: json(text) })),
    fc.tuple(valid, hostileContentType).map(([v, contentType]) => ({
      variant: `content type ${contentType}`,
      body: { contentType, payload: JSON.stringify(v) },
    })),
    fc.constantFrom('array', 'object' as const).map((kind) => ({
      variant: `a ${kind} nested ${DEEP} deep`,
      body: json(deeplyNested(DEEP, kind)),
    })),
    fc.constant({
      variant: 'a body over the size limit',
      body: json(JSON.stringify({ big: 'x'.repeat(bodyLimit + 1) })),
    }),
    fc.constant({ variant: 'no body', body: undefined }),
    fc.constant({ variant: 'an empty body', body: json('') }),
  );
}

/** JSON of `value` with its `at`-th node (modulo the count, depth first) replaced by raw text. */
function replaceAt(value: unknown, at: number, raw: string): string {
  const paths = nodePaths(value);
  const path = paths[at % paths.length]!;
  return withRaw(setAt(value, path, RAW), raw);
}

/** JSON of `value` without its `at`-th property or element (the whole body when it has none). */
function dropAt(value: unknown, at: number): string {
  const paths = nodePaths(value).filter((p) => p.length > 0);
  if (paths.length === 0) return '';
  const path = paths[at % paths.length]!;
  return JSON.stringify(setAt(value, path, undefined));
}

function addField(value: unknown, key: string, raw: string): string {
  const target = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
  // A computed key makes an own property even of "__proto__", so it reaches the JSON.
  return withRaw({ ...target, [key]: RAW }, raw);
}

/** JSON of `value` with the RAW placeholder written as `raw` (a function: `$` in it stays literal). */
function withRaw(value: unknown, raw: string): string {
  return JSON.stringify(value).replace(JSON.stringify(RAW), () => raw);
}

type Path = (string | number)[];

/** Every node of a JSON value, the root first, as paths of keys and indexes. */
function nodePaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value)
    ? value.flatMap((v, i) => nodePaths(v, [...prefix, i]))
    : Object.entries(value).flatMap(([k, v]) => nodePaths(v, [...prefix, k]));
  return [prefix, ...children];
}

/** A copy of `value` with the node at `path` set (or removed, for `undefined`). */
function setAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy: unknown[] = [...value];
    if (replacement === undefined && rest.length === 0) copy.splice(head as number, 1);
    else copy[head as number] = setAt(copy[head as number], rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  const key = head as string;
  if (replacement === undefined && rest.length === 0) {
    delete copy[key];
  } else {
    // Defined, not assigned: a "__proto__" key stays a plain property.
    const next = setAt(copy[key], rest, replacement);
    Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
