import type { ValidationIssue } from './errors.js';

/**
 * Splits NDJSON text into JSON values, one per non-blank line. A line that is not JSON becomes an
 * issue naming its 0-based event index and its 1-based line number; the other lines still parse,
 * so a caller can report every problem at once.
 */
export function decodeNdjsonLines(text: string): { values: unknown[]; issues: ValidationIssue[] } {
  const values: unknown[] = [];
  const issues: ValidationIssue[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      values.push(JSON.parse(line));
    } catch (err) {
      issues.push({ index: values.length, field: `(line ${i + 1})`, message: `is not valid JSON: ${(err as Error).message}` });
      values.push(undefined);
    }
  });
  return { values, issues };
}
