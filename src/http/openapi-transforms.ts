import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { ZodType } from 'zod';

/** Marks, between the two transforms, an operation whose body may be left out. */
const OPTIONAL_BODY = 'x-optional-body';

/**
 * The zod routes as OpenAPI operations (`jsonSchemaTransform`), noting each body that the route's
 * schema lets a request leave out: @fastify/swagger documents every body as required.
 */
export const transformRoute: SwaggerTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const body: unknown = input.schema.body;
  if (!(body instanceof ZodType) || !body.safeParse(undefined).success) return out;
  return { ...out, schema: { ...out.schema, [OPTIONAL_BODY]: true } };
};

interface OperationObject {
  [OPTIONAL_BODY]?: boolean;
  requestBody?: { required?: boolean };
}

/** The document with the zod components (`jsonSchemaTransformObject`) and optional bodies as such. */
export const transformDocument: SwaggerTransformObject = (input) => {
  const doc = jsonSchemaTransformObject(input);
  const paths = (doc.paths ?? {}) as Record<string, Record<string, OperationObject>>;
  for (const operations of Object.values(paths)) {
    for (const op of Object.values(operations)) {
      if (!op[OPTIONAL_BODY]) continue;
      delete op[OPTIONAL_BODY];
      if (op.requestBody) op.requestBody.required = false;
    }
  }
  return doc;
};
