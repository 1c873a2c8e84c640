import type { FastifyInstance, RouteOptions } from 'fastify';
import { errorSchema } from './schemas.js';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 421 | 429 | 503;

/** What each error status means, as the document says it. */
const MEANINGS: Record<ErrorStatus, string> = {
  400: 'The request is invalid: `details` lists every problem (field and message).',
  401: 'No login or token, or one that has ended (or, for a login, the name or password is wrong).',
  403: 'Not allowed to you (your role, the key scope, a missing CSRF token) or from a page of another site (`code` says which).',
  404: 'The profile, or what the path names in it, does not exist (a profile you have no role in is not shown to exist).',
  409: 'It exists already, or the most there may be of it exist already (`details` or `code` says which).',
  413: 'The body, or the batch in it, is larger than the server takes.',
  415: 'The body is of a content type the server does not read.',
  421: 'The `Host` header names a site this server does not answer for (see STREAMPULSE_PUBLIC_ORIGINS).',
  429: 'Too many attempts, or past a quota (`code` says which): retry after `Retry-After` seconds.',
  503: 'The server cannot take it now (storage unreachable, or saturated): retry after `Retry-After` seconds.',
};

interface ErrorResponse {
  description: string;
  content: { 'application/json': { schema: typeof errorSchema } };
}

/**
 * The documented error answers of a route, each `{ error: { code, message, details? } }` with
 * what its status means: `response: { 200: thing, ...errorResponses(404, 503) }`.
 */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Record<S, ErrorResponse> {
  const responses: Partial<Record<S, ErrorResponse>> = {};
  for (const s of statuses) {
    responses[s] = { description: MEANINGS[s], content: { 'application/json': { schema: errorSchema } } };
  }
  return responses as Record<S, ErrorResponse>;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Adds to every documented route the errors that follow from its shape rather than from what it
 * does: 400 when it validates parameters, query or body (or may be sent a body that is not
 * JSON), and for methods that carry a body 413 (over the body limit) and 415 (a content type
 * with no parser). A route's own entries win. Call before the routes are registered.
 */
export function documentCommonErrors(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema;
    if (!schema?.response || schema.hide) return;
    const methods = [route.method].flat();
    const takesBody = methods.some((m) => BODY_METHODS.has(m));
    const validates = Boolean(schema.params ?? schema.querystring ?? schema.body ?? schema.headers);
    const statuses: ErrorStatus[] = [
      ...(takesBody || validates ? ([400] as const) : []),
      ...(takesBody ? ([413, 415] as const) : []),
    ];
    schema.response = { ...errorResponses(...statuses), ...schema.response };
  });
}
