import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, TooManyRequestsError, UnavailableError, type ValidationIssue } from '../core/errors.js';
import { describeAppError, validationBody } from './error-body.js';

const STATUS_BY_NAME: Record<string, number> = {
  ValidationError: 400,
  NotFoundError: 404,
  ConflictError: 409,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  UnavailableError: 503,
  TooManyRequestsError: 429,
};

const STATUS_BY_CODE: Record<string, number> = { BATCH_TOO_LARGE: 413 };

/** The HTTP status an application error is answered with (400 for a kind without its own). */
export function statusOfAppError(err: AppError): number {
  return STATUS_BY_CODE[err.code] ?? STATUS_BY_NAME[err.name] ?? 400;
}

/**
 * The one place errors become HTTP answers, always `{ error: { code, message, details?, total? } }`:
 * a validation error lists at most MAX_REPORTED_ISSUES problems in `details` and counts them all
 * in `total`. 5xx answers hide internals; the full error is logged.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: Error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details: ValidationIssue[] = err.validation.map((v) => ({
        field: [err.validationContext ?? 'request', ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is invalid',
      }));
      return reply
        .code(400)
        .send({ error: validationBody('VALIDATION_FAILED', 'the request is invalid', details) });
    }
    if (err instanceof AppError) {
      const status = statusOfAppError(err);
      if (err instanceof UnavailableError || err instanceof TooManyRequestsError)
        reply.header('retry-after', String(err.retryAfterSeconds));
      if (status >= 500) request.log.warn({ err }, 'request refused');
      return reply.code(status).send({ error: describeAppError(err) });
    }
    const { statusCode, code } = err as FastifyError;
    const status = typeof statusCode === 'number' && statusCode >= 400 ? statusCode : 500;
    if (status < 500) {
      return reply.code(status).send({ error: { code: code ?? 'BAD_REQUEST', message: err.message } });
    }
    request.log.error({ err }, 'request failed');
    return reply.code(status).send({ error: { code: 'INTERNAL', message: 'internal error' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'ROUTE_NOT_FOUND', message: `no route ${request.method} ${request.url}` } }),
  );
}

/**
 * Errors fastify meets before a route is found, answered in the same shape as every other: a URL
 * that does not decode (400), a path parameter longer than `maxParamLength` (400 like any other
 * invalid parameter, instead of fastify's bare 414).
 */
export function answerFrameworkError(err: FastifyError, _request: unknown, reply: FastifyReply): void {
  const status = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 400 : (err.statusCode ?? 500);
  const message = status >= 500 ? 'internal error' : err.message;
  void reply.code(status).send({ error: { code: err.code, message } });
}
