import fc from 'fast-check';
import { resolveSchema, type OpenApiDocument, type OpenApiSchema } from './openapi-operations.js';

/**
 * Realistic values to mix in by property or parameter name (ids that exist, times near the
 * seeded data): schema-valid values alone rarely name a stored thing.
 */
export type ValueHints = Record<string, fc.Arbitrary<unknown> | undefined>;

const MAX_DEPTH = 6;
/** Strings without a maxLength stay short: long ones are the hostile generators' job. */
const DEFAULT_MAX_LENGTH = 40;

/**
 * Values that an OpenAPI 3.0 schema accepts: types, enums, nullable, bounds (exclusive too),
 * lengths, patterns, required and additional properties, anyOf/oneOf, and `$ref`s into the
 * document's components. Throws on a keyword it cannot honour, so nothing is skipped silently.
 */
export function schemaArbitrary(
  schema: OpenApiSchema,
  doc: OpenApiDocument,
  hints: ValueHints = {},
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolveSchema(schema, doc);
  if (s.allOf) throw new Error('schemaArbitrary: allOf is not supported');
  const plain = plainArbitrary(s, doc, hints, depth);
  return s.nullable
    ? fc.oneof({ arbitrary: plain, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 })
    : plain;
}

function plainArbitrary(s: OpenApiSchema, doc: OpenApiDocument, hints: ValueHints, depth: number) {
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => schemaArbitrary(a, doc, hints, depth + 1)));
  switch (s.type) {
    case 'string':
      return stringArbitrary(s);
    case 'integer':
      return integerArbitrary(s);
    case 'number':
      return fc.oneof(integerArbitrary(s), doubleArbitrary(s));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schemaArbitrary(s.items ?? {}, doc, hints, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, 4),
      });
    case 'object':
      return objectArbitrary(s, doc, hints, depth);
    case undefined:
      // `{}`: any JSON value.
      return fc.jsonValue({ maxDepth: Math.max(0, MAX_DEPTH - depth - 3) });
  }
}

function stringArbitrary(s: OpenApiSchema): fc.Arbitrary<string> {
  const pattern = s.pattern === undefined ? undefined : new RegExp(s.pattern);
  if (pattern && s.minLength === undefined && s.maxLength === undefined) return fc.stringMatching(pattern);
  // A pattern beside lengths is a rule on characters (no U+0000): strings of the length that keep it.
  if (pattern) return lengthBoundString(s).filter((v) => pattern.test(v));
  if (s.format === 'uri') {
    // A closed local port: a webhook set by the fuzz fails at once instead of reaching anywhere
    // (the fuzz's server allows it; elsewhere a loopback webhook is refused when saved).
    return fc.webSegment().map((p) => `http://127.0.0.1:9/${p}`);
  }
  return lengthBoundString(s);
}

function lengthBoundString(s: OpenApiSchema): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? Math.max(minLength, DEFAULT_MAX_LENGTH);
  const short = Math.max(minLength, Math.min(maxLength, 12));
  return fc.oneof(
    fc.string({ minLength, maxLength: short, unit: 'grapheme-ascii' }),
    // Any code point, counted as the server counts (UTF-16 units), so it stays within maxLength.
    fc
      .string({ minLength, maxLength: Math.max(minLength, Math.floor(maxLength / 2)), unit: 'binary' })
      .filter((v) => v.length >= minLength && v.length <= maxLength),
    fc.constant('x'.repeat(maxLength)),
  );
}

function integerArbitrary(s: OpenApiSchema): fc.Arbitrary<number> {
  const low = s.minimum === undefined ? Number.MIN_SAFE_INTEGER : Math.ceil(s.minimum);
  const high = s.maximum === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(s.maximum);
  const min = s.exclusiveMinimum && low === s.minimum ? low + 1 : low;
  const max = s.exclusiveMaximum && high === s.maximum ? high - 1 : high;
  // Small values name things (seqs, ids, limits); the full range tries the edges.
  const smallMin = Math.max(min, -5);
  const smallMax = Math.min(max, Math.max(smallMin, 100));
  return fc.oneof(
    fc.integer({ min: smallMin, max: smallMax }),
    fc.integer({ min, max }),
    fc.constantFrom(min, max),
  );
}

function doubleArbitrary(s: OpenApiSchema): fc.Arbitrary<number> {
  return fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    min: s.minimum ?? -Number.MAX_VALUE,
    max: s.maximum ?? Number.MAX_VALUE,
    minExcluded: s.exclusiveMinimum === true,
    maxExcluded: s.exclusiveMaximum === true,
  });
}

function objectArbitrary(s: OpenApiSchema, doc: OpenApiDocument, hints: ValueHints, depth: number) {
  if (depth >= MAX_DEPTH) return fc.constant({});
  const properties = s.properties ?? {};
  const model = Object.fromEntries(
    Object.entries(properties).map(([name, p]) => {
      const fromSchema = schemaArbitrary(p, doc, hints, depth + 1);
      const hint = hints[name];
      const value = hint
        ? fc.oneof({ arbitrary: hint, weight: 3 }, { arbitrary: fromSchema, weight: 1 })
        : fromSchema;
      return [name, value];
    }),
  );
  const known = fc.record(model, { requiredKeys: s.required ?? [] });
  const extra = s.additionalProperties;
  if (typeof extra !== 'object' || Object.keys(properties).length > 0) return known;
  // A map (`additionalProperties: {schema}`), e.g. an event's `data`.
  return fc.dictionary(fc.string({ maxLength: 12 }), schemaArbitrary(extra, doc, hints, depth + 1), {
    maxKeys: 4,
  });
}
