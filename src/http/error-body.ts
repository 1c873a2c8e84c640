import { MAX_REPORTED_ISSUES, ValidationError, type AppError, type ValidationIssue } from '../core/errors.js';

/** The longest problem message an answer repeats; longer ones (which may quote input) are cut. */
const MAX_MESSAGE_CHARS = 300;

/** What a client sees of an error, over HTTP (`{ error: ErrorBody }`) and over the sockets. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  /** How many problems were found; `details` lists at most MAX_REPORTED_ISSUES of them. */
  total?: number;
}

/** An application error as a client sees it: a validation error with its capped list and total. */
export function describeAppError(err: AppError): ErrorBody {
  const body: ErrorBody = { code: err.code, message: err.message };
  if (err.details !== undefined) body.details = err.details;
  if (err instanceof ValidationError) body.total = err.total;
  return body;
}

/**
 * A list of problems for an answer: at most MAX_REPORTED_ISSUES of them, each message cut to a
 * bounded length, with the total found.
 */
export function validationBody(code: string, message: string, issues: readonly ValidationIssue[]): ErrorBody {
  const details = issues.slice(0, MAX_REPORTED_ISSUES).map((i) => ({ ...i, message: cut(i.message) }));
  return { code, message, details, total: issues.length };
}

function cut(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}
