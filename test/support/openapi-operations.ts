import { readFileSync } from 'node:fs';

/** The slice of an OpenAPI 3.0 schema object that the fuzz test reads and generates from. */
export interface OpenApiSchema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
  default?: unknown;
  description?: string;
}

export interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: OpenApiSchema;
}

export interface OpenApiResponse {
  description: string;
  content?: Record<string, { schema: OpenApiSchema }>;
}

/** One operation of the document: a method on a path, with what it takes and may answer. */
export interface Operation {
  /** `GET /api/profiles/{profile}`: method and path template, as the web client names it. */
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  parameters: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: OpenApiSchema }> };
  responses: Record<string, OpenApiResponse>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Omit<Operation, 'key' | 'method' | 'path'>>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

/** The committed `openapi.json`: the document the API promises to keep. */
export function readOpenApiDocument(): OpenApiDocument {
  return JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as OpenApiDocument;
}

/** Every operation of the document, in its order. */
export function listOperations(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([m, op]) => {
      const method = m.toUpperCase() as Operation['method'];
      return { ...op, parameters: op.parameters ?? [], key: `${method} ${path}`, method, path };
    }),
  );
}

/** Follows a `#/components/schemas/<name>` reference (once; components do not chain refs here). */
export function resolveSchema(schema: OpenApiSchema, doc: OpenApiDocument): OpenApiSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`openapi.json: unresolved reference ${schema.$ref}`);
  return target;
}
