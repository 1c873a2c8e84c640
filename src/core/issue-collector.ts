import { MAX_REPORTED_ISSUES, type ValidationIssue } from './errors.js';

/**
 * Gathers the problems of a piece of input: keeps the first `limit` and counts every one, so a
 * huge invalid batch never holds millions of issue objects.
 */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];
  total = 0;

  constructor(private readonly limit = MAX_REPORTED_ISSUES) {}

  /** Counts `issue`, and keeps it while fewer than `limit` are kept. Bound: pass it as a callback. */
  readonly add = (issue: ValidationIssue): void => {
    this.total += 1;
    if (this.issues.length < this.limit) this.issues.push(issue);
  };
}
