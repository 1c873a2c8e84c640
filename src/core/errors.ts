/**
 * Application errors. Core knows no HTTP status: the http layer maps each `code` to one
 * (see http/error-handler.ts). Codes are stable, UPPER_SNAKE, and part of the API.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A named thing does not exist (profile, stream, session). */
export class NotFoundError extends AppError {
  override name = 'NotFoundError';
}

/** The most problems an error lists; the rest are only counted (`ValidationError.total`). */
export const MAX_REPORTED_ISSUES = 100;

/**
 * Input broke a rule. `details` lists the problems found, not just the first: at most
 * MAX_REPORTED_ISSUES of them (any beyond are dropped here), and `total` counts them all.
 */
export class ValidationError extends AppError {
  override name = 'ValidationError';
  readonly total: number;
  constructor(
    message: string,
    details: readonly ValidationIssue[],
    code = 'VALIDATION_FAILED',
    total = details.length,
  ) {
    super(
      code,
      message,
      details.length > MAX_REPORTED_ISSUES ? details.slice(0, MAX_REPORTED_ISSUES) : details,
    );
    this.total = Math.max(total, details.length);
  }
}

/** The thing already exists or the request conflicts with current state. */
export class ConflictError extends AppError {
  override name = 'ConflictError';
}

export class UnauthorizedError extends AppError {
  override name = 'UnauthorizedError';
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
}

/**
 * The server cannot take the work now (queue full, database unreachable).
 * `retryAfterSeconds` tells the client when to try again.
 */
export class UnavailableError extends AppError {
  override name = 'UnavailableError';
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
  }
}

/** One problem in a piece of input: where (`index` in a batch, `field` path) and what. */
export interface ValidationIssue {
  index?: number;
  field: string;
  message: string;
}

export function profileNotFound(id: string): NotFoundError {
  return new NotFoundError('PROFILE_NOT_FOUND', `profile '${id}' does not exist`);
}

export function streamNotFound(profile: string, id: string): NotFoundError {
  return new NotFoundError('STREAM_NOT_FOUND', `stream '${id}' does not exist in profile '${profile}'`);
}

export function sessionNotFound(profile: string, id: number): NotFoundError {
  return new NotFoundError('SESSION_NOT_FOUND', `session ${id} does not exist in profile '${profile}'`);
}

export function userNotFound(id: string): NotFoundError {
  return new NotFoundError('USER_NOT_FOUND', `user '${id}' does not exist`);
}

/** Over a limit for now (a quota): `retryAfterSeconds` says when it resets. */
export class TooManyRequestsError extends AppError {
  override name = 'TooManyRequestsError';
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
  }
}
