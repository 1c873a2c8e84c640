import { Ajv, type ValidateFunction } from 'ajv';
import type { OpenApiDocument, OpenApiSchema, Operation } from './openapi-operations.js';

/** An answer as `app.inject()` gives it. */
export interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/**
 * Checks answers against the document: never 5xx, only statuses the operation lists (a range
 * such as `4XX` or a `default` counts as listing), a JSON body that matches the documented
 * schema, and no body where the document says there is none.
 */
export class ResponseChecker {
  private readonly ajv = new Ajv({ strict: true, allErrors: true, formats: { uri: URI } });
  private readonly validators = new WeakMap<OpenApiSchema, ValidateFunction>();

  constructor(doc: OpenApiDocument) {
    this.ajv.addSchema({
      $id: 'openapi',
      definitions: Object.fromEntries(
        Object.entries(doc.components.schemas).map(([name, s]) => [name, toJsonSchema(s)]),
      ),
    });
  }

  /** What is wrong with `answer` to a request of `op`; empty when nothing is. */
  problems(op: Operation, answer: Answer): string[] {
    const status = answer.statusCode;
    if (status >= 500) return [`answered ${status}: ${answer.body.slice(0, 300)}`];
    const documented =
      op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
    if (!documented) {
      const listed = Object.keys(op.responses).join(', ');
      return [`answered ${status}, which is not documented (${listed}): ${answer.body.slice(0, 300)}`];
    }
    if (!documented.content) {
      return answer.body === '' ? [] : [`answered ${status} with a body where none is documented`];
    }
    const type = String(answer.headers['content-type'] ?? '');
    const others = Object.keys(documented.content).filter((t) => !t.startsWith('application/json'));
    if (!type.startsWith('application/json') && others.length > 0) return mediaProblems(status, others, type);
    const schema = documented.content['application/json']?.schema;
    if (!schema) return [`answered ${status}: the document has no JSON schema for it`];
    if (!type.startsWith('application/json')) return [`answered ${status} as ${type || 'no content type'}`];
    return this.bodyProblems(status, schema, answer.body);
  }

  private bodyProblems(status: number, schema: OpenApiSchema, text: string): string[] {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`];
    }
    const validate = this.validatorFor(schema);
    if (validate(body)) return [];
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    return [`answered ${status} with a body off its schema (${errors.join('; ')}): ${text.slice(0, 300)}`];
  }

  private validatorFor(schema: OpenApiSchema): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema));
      this.validators.set(schema, validate);
    }
    return validate;
  }
}

/**
 * An answer that is not JSON (the metrics' `text/plain; version=0.0.4`, a file): its content type
 * must be one the document lists for it, parameters the document leaves out (a charset) aside.
 */
function mediaProblems(status: number, documented: string[], type: string): string[] {
  const params = (t: string) => t.split(';').map((p) => p.trim().toLowerCase());
  const sent = params(type);
  const matches = documented.some((t) => params(t).every((p) => sent.includes(p)));
  return matches
    ? []
    : [`answered ${status} as ${type || 'no content type'}, not ${documented.join(' or ')}`];
}

/** An absolute URI: a scheme and something after it (what `z.url()` lets through, loosely). */
const URI = /^[a-z][a-z\d+.-]*:\S+$/i;

/**
 * OpenAPI 3.0 schema to JSON Schema draft-07: `nullable` becomes a null alternative, boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become numbers, component refs point into `openapi`.
 */
export function toJsonSchema(schema: OpenApiSchema): Record<string, unknown> {
  const { nullable, exclusiveMinimum, exclusiveMaximum, $ref, ...rest } = schema;
  const out: Record<string, unknown> = { ...rest };
  if ($ref) out.$ref = $ref.replace('#/components/schemas/', 'openapi#/definitions/');
  if (exclusiveMinimum) {
    out.exclusiveMinimum = schema.minimum;
    delete out.minimum;
  }
  if (exclusiveMaximum) {
    out.exclusiveMaximum = schema.maximum;
    delete out.maximum;
  }
  if (rest.properties) {
    out.properties = Object.fromEntries(
      Object.entries(rest.properties).map(([k, v]) => [k, toJsonSchema(v)]),
    );
  }
  if (rest.items) out.items = toJsonSchema(rest.items);
  if (typeof rest.additionalProperties === 'object') {
    out.additionalProperties = toJsonSchema(rest.additionalProperties);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (rest[key]) out[key] = rest[key].map(toJsonSchema);
  }
  if (!nullable) return out;
  if (out.enum) out.enum = [...(out.enum as unknown[]), null];
  return { anyOf: [out, { type: 'null' }] };
}
