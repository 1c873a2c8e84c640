import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { validatorCompiler } from 'fastify-type-provider-zod';

/**
 * A route's validator compiler that lets the body through as it came, for routes whose service
 * validates a batch item by item (listing every problem by index and field); the body's schema
 * only documents it. Params and query strings are validated by their schemas as usual.
 */
export function serviceValidatedBody<S>(route: FastifyRouteSchemaDef<S>) {
  return route.httpPart === 'body'
    ? (data: unknown) => ({ value: data })
    : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}
