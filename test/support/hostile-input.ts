import fc from 'fast-check';

/** Strings that have broken parsers, stores and URL handling somewhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m\b\f\v',
  '\r\n\r\n',
  '\t',
  '..',
  '../..',
  '../../etc/passwd',
  '..\\..\\windows',
  '%00',
  '%',
  '%zz',
  '%2e%2e%2f',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-Infinity',
  'undefined',
  'null',
  'true',
  '[]',
  '{}',
  '-1',
  '-0',
  '0',
  '1.5',
  '1e309',
  '-1e309',
  '1e-400',
  '0x1f',
  '0b101',
  '1_000',
  ' 1',
  '1 ',
  '+1',
  '9007199254740993',
  '99999999999999999999999',
  '-99999999999999999999999',
  '8640000000000000',
  '8640000000000001',
  '-271821-04-20T00:00:00Z',
  '275760-09-13T00:00:00.001Z',
  '+275760-09-14T00:00:00Z',
  '-271821-04-19T00:00:00Z',
  '2026-02-30T25:61:61Z',
  '1970-01-01T00:00:00Z',
  '\ud800',
  '\udfff',
  '\uffff',
  '\ufeff',
  '\u202eevil',
  '\u200b',
  'é',
  'İ',
  'ß',
  '😀'.repeat(40),
  'e\u0301'.repeat(30),
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '${7*7}',
  'a'.repeat(64),
  'a'.repeat(65),
  'a'.repeat(201),
  'a'.repeat(1001),
  'a'.repeat(5000),
  'x'.repeat(70_000),
];

/** A hostile string: one of the list, or arbitrary code points including control characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
  {
    arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) }),
    weight: 1,
  },
);

/**
 * JSON number texts, some of which no JavaScript number can hold exactly (they parse to
 * Infinity, 0 or a rounded value).
 */
export const hostileNumberText: fc.Arbitrary<string> = fc.constantFrom(
  '-1',
  '-0',
  '0',
  '0.5',
  '-0.000001',
  '1e308',
  '1e309',
  '-1e309',
  '1e-400',
  '9007199254740993',
  '18446744073709551616',
  '123456789012345678901234567890',
  '-9007199254740993',
  '2147483648',
  '4294967296',
  '1.7976931348623157e308',
  '5e-324',
);

/** A JSON text nested `depth` levels deep, of arrays or of objects. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** JSON texts of any type but the expected one (or of it, badly shaped). */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  hostileNumberText,
  hostileString.map((s) => JSON.stringify(s)),
  fc.constantFrom('null', 'true', 'false', '[]', '{}', '[null]', '[{}]', '{"":""}'),
  fc
    .constantFrom(16, 1000, 20_000)
    .chain((depth) => fc.constantFrom(deeplyNested(depth, 'array'), deeplyNested(depth, 'object'))),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

/** A path segment as it goes on the wire: encoded hostile strings and raw broken escapes. */
export const hostilePathSegment: fc.Arbitrary<string> = fc.oneof(
  // Whole "." and ".." segments are resolved by the URL before routing: the request no longer
  // names this operation, so they are sent only inside longer values (e.g. "..%2Fx").
  hostileString.filter((s) => s !== '.' && s !== '..').map(encodeWellFormed),
  fc.constantFrom(
    '%zz',
    '%',
    '%E0%A4%A',
    '%ED%A0%80',
    '%C0%AE%C0%AE',
    '%FF',
    '..%2F..%2Fetc',
    '%2F',
    'a%2Fb',
  ),
);

/** A query value as it goes on the wire. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  hostileString.map(encodeWellFormed),
  fc.constantFrom('%zz', '%', '%ED%A0%80', 'a&b=c', '%26', '[]', 'a[b]=c'),
);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `encodeURIComponent`, also for lone surrogates (sent as U+FFFD, as a browser would). */
export function encodeWellFormed(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\ufffd'));
}

/** Content types a JSON API might be sent by mistake or on purpose. */
export const hostileContentType: fc.Arbitrary<string> = fc.constantFrom(
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/x-ndjson',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/JSON',
  'application/vnd.api+json',
  'text/json',
  '*/*',
  'application/',
  ';',
  'application/json, text/plain',
);

/** Bodies that are not JSON at all or JSON broken half-way, and JSON that tries to set a prototype. */
export const notJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '[',
    '{"a":}',
    "{'a':1}",
    '{"a":1,}',
    'NaN',
    'undefined',
    '\u0000',
    '\ufeff{}',
    '{"a":1}{"b":2}',
    '{"a":1}\n{"b":2}\n',
    '<xml/>',
    'a=1&b=2',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
