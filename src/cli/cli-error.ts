import { AppError, type ValidationIssue } from '../core/errors.js';
import { ConfigError } from '../config.js';

/** Writes an error the way a person at a terminal wants it: what is wrong and where. */
export function formatCliError(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof AppError) {
    const issues = Array.isArray(err.details) ? (err.details as ValidationIssue[]) : [];
    const lines = issues.map(
      (i) => `  ${i.index === undefined ? '' : `event ${i.index}: `}${i.field}: ${i.message}`,
    );
    return [`error ${err.code}: ${err.message}`, ...lines].join('\n');
  }
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}
