import fc from 'fast-check';
import { mutatedBodies, type BodyPart, type MutatedBody } from './body-mutations.js';
import {
  encodeWellFormed,
  hostileContentType,
  hostileJsonText,
  hostilePathSegment,
  hostileQueryValue,
  notJsonText,
} from './hostile-input.js';
import type { OpenApiDocument, OpenApiParameter, Operation } from './openapi-operations.js';
import { schemaArbitrary, type ValueHints } from './schema-arbitrary.js';

/** One request as `app.inject()` takes it, with what was done to it. */
export interface FuzzRequest {
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** `valid`, or the name of the mutation that made it invalid. */
  variant: string;
}

/** What the generators need besides the document. */
export interface RequestContext {
  doc: OpenApiDocument;
  /** Ids that exist now for a path parameter of an operation (the seeded stream, goal, ...). */
  knownIds: (op: Operation, param: string) => readonly string[];
  /** Realistic values by parameter or property name. */
  hints: ValueHints;
  /** The server's body limit, to send a body just over it. */
  bodyLimit: number;
}

interface Parts {
  path: Record<string, string>;
  query: [string, string][];
  body: BodyPart | undefined;
}

/** Requests the document calls valid: existing and unknown ids, values from the schemas. */
export function validRequests(op: Operation, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  return validParts(op, ctx).map((parts) => assemble(op, parts, 'valid'));
}

/**
 * Requests that break the document in one place: a hostile path parameter, a query value of the
 * wrong type or repeated or unknown, a required query parameter missing, or a mutated body (an
 * unexpected one for operations that take none).
 */
export function invalidRequests(op: Operation, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  const paths = op.parameters.filter((p) => p.in === 'path');
  const queries = op.parameters.filter((p) => p.in === 'query');
  const mutations: fc.Arbitrary<FuzzRequest>[] = [];
  const mutate = (variant: string, change: fc.Arbitrary<(parts: Parts) => Parts>) =>
    fc.tuple(validParts(op, ctx), change).map(([parts, f]) => assemble(op, f(parts), variant));

  if (paths.length > 0) {
    const change = fc
      .tuple(fc.constantFrom(...paths), hostilePathSegment)
      .map(([p, segment]) => (parts: Parts): Parts => ({
        ...parts,
        path: { ...parts.path, [p.name]: segment },
      }));
    mutations.push(mutate('a hostile path parameter', change));
  }
  mutations.push(mutate('a hostile query parameter', queryChange(queries)));
  const required = queries.filter((q) => q.required);
  if (required.length > 0) {
    const drop = fc
      .constantFrom(...required)
      .map((q) => (parts: Parts): Parts => ({ ...parts, query: parts.query.filter(([k]) => k !== q.name) }));
    mutations.push(mutate('a required query parameter missing', drop));
  }
  mutations.push(bodyMutation(op, ctx));
  return fc.oneof(...mutations);
}

function validParts(op: Operation, ctx: RequestContext): fc.Arbitrary<Parts> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const path = fc.record(
    Object.fromEntries(pathParams.map((p) => [p.name, pathValue(op, p, ctx).map(encodeWellFormed)])),
  );
  const query = fc
    .tuple(...op.parameters.filter((p) => p.in === 'query').map((p) => queryPair(p, ctx)))
    .map((pairs) => pairs.filter((p): p is [string, string] => p !== null));
  return fc.record({ path, query, body: validBody(op, ctx) });
}

function pathValue(op: Operation, p: OpenApiParameter, ctx: RequestContext): fc.Arbitrary<string> {
  const fromSchema = schemaArbitrary(p.schema, ctx.doc).map(String);
  const known = ctx.knownIds(op, p.name);
  if (known.length === 0) return fromSchema;
  return fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 4 }, { arbitrary: fromSchema, weight: 1 });
}

function queryPair(p: OpenApiParameter, ctx: RequestContext): fc.Arbitrary<[string, string] | null> {
  const hint = ctx.hints[p.name];
  const fromSchema = schemaArbitrary(p.schema, ctx.doc);
  const value = (hint ? fc.oneof({ arbitrary: hint, weight: 3 }, fromSchema) : fromSchema).map(
    (v): [string, string] => [p.name, encodeWellFormed(String(v))],
  );
  return p.required ? value : fc.option(value, { freq: 2 });
}

function validBody(op: Operation, ctx: RequestContext): fc.Arbitrary<BodyPart | undefined> {
  const schema = op.requestBody?.content['application/json']?.schema;
  if (!schema) return fc.constant(undefined);
  const body = schemaArbitrary(schema, ctx.doc, ctx.hints).map((v): BodyPart => ({
    contentType: 'application/json',
    payload: JSON.stringify(v),
  }));
  return op.requestBody?.required ? body : fc.option(body, { nil: undefined });
}

function queryChange(queries: OpenApiParameter[]): fc.Arbitrary<(parts: Parts) => Parts> {
  const names = [...queries.map((q) => q.name), '__proto__', 'constructor', 'unknown', ''];
  return fc
    .tuple(fc.constantFrom(...names), hostileQueryValue, fc.boolean())
    .map(([name, value, repeat]) => (parts: Parts): Parts => {
      const key = encodeWellFormed(name);
      // Repeated, a parameter arrives as an array; otherwise the hostile value replaces it.
      const kept = repeat ? parts.query : parts.query.filter(([k]) => k !== key);
      const added: [string, string][] = repeat
        ? [
            [key, value],
            [key, value],
          ]
        : [[key, value]];
      return { ...parts, query: [...kept, ...added] };
    });
}

function bodyMutation(op: Operation, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  const schema = op.requestBody?.content['application/json']?.schema;
  const bodies: fc.Arbitrary<MutatedBody> = schema
    ? mutatedBodies(schemaArbitrary(schema, ctx.doc, ctx.hints), ctx.bodyLimit)
    : unexpectedBodies;
  return fc
    .tuple(validParts(op, ctx), bodies)
    .map(([parts, m]) => assemble(op, { ...parts, body: m.body }, m.variant));
}

/** Bodies sent to an operation that takes none: fastify still reads what a request carries. */
const unexpectedBodies: fc.Arbitrary<MutatedBody> = fc.oneof(
  hostileJsonText.map((payload) => ({
    variant: 'an unexpected JSON body',
    body: { contentType: 'application/json', payload },
  })),
  notJsonText.map((payload) => ({
    variant: 'an unexpected body that is not JSON',
    body: { contentType: 'application/json', payload },
  })),
  fc.tuple(hostileContentType, notJsonText).map(([contentType, payload]) => ({
    variant: `an unexpected body of type ${contentType}`,
    body: { contentType, payload },
  })),
);

function assemble(op: Operation, parts: Parts, variant: string): FuzzRequest {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => parts.path[name] ?? '');
  const query = parts.query.map(([k, v]) => `${k}=${v}`).join('&');
  const headers: Record<string, string> = {};
  if (parts.body?.contentType !== undefined) headers['content-type'] = parts.body.contentType;
  return {
    method: op.method,
    url: query ? `${path}?${query}` : path,
    headers,
    ...(parts.body === undefined ? {} : { payload: parts.body.payload }),
    variant,
  };
}
