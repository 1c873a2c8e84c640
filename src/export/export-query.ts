import type { ValidationIssue } from '../core/errors.js';

/** The file formats an export is written in. */
export const EXPORT_FORMATS = ['xlsx', 'csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The sheets an export may hold, in the order they are written. `events` (the raw log of the
 * range) is left out unless asked for: it is what grows with a profile.
 */
export const EXPORT_SHEETS = [
  'sessions',
  'analytics',
  'contributions',
  'correlations',
  'clips',
  'summary',
  'events',
] as const;
export type ExportSheetKey = (typeof EXPORT_SHEETS)[number];

/** The sheets of an export that names none. */
export const DEFAULT_EXPORT_SHEETS: readonly ExportSheetKey[] = EXPORT_SHEETS.filter((s) => s !== 'events');

/** The interval the Analytics sheet sums the 1-minute rollups over. */
export const EXPORT_RESOLUTIONS = ['minute', '5min', '15min', 'hour', 'day'] as const;
export type ExportResolution = (typeof EXPORT_RESOLUTIONS)[number];

/** The range an export covers when none is given: the 30 days before now. */
export const DEFAULT_EXPORT_DAYS = 30;
const DAY_MS = 86_400_000;
/** The latest instant a JavaScript date can hold. */
const MAX_INSTANT = 8.64e15;

/** What an export covers and how it is written. */
export interface ExportQuery {
  format: ExportFormat;
  /** Epoch ms, included. */
  from: number;
  /** Epoch ms, excluded. */
  to: number;
  resolution: ExportResolution;
  /** In the order of EXPORT_SHEETS, each once. */
  sheets: readonly ExportSheetKey[];
}

/** What a caller may leave out; `fillExportQuery` supplies the defaults. */
export type ExportQueryInput = Partial<ExportQuery>;

/** The query with its defaults: xlsx, the last 30 days before `now`, hourly, every sheet but events. */
export function fillExportQuery(input: ExportQueryInput, now: number): ExportQuery {
  const to = input.to ?? now;
  const chosen = new Set(input.sheets ?? DEFAULT_EXPORT_SHEETS);
  return {
    format: input.format ?? 'xlsx',
    from: input.from ?? to - DEFAULT_EXPORT_DAYS * DAY_MS,
    to,
    resolution: input.resolution ?? 'hour',
    sheets: EXPORT_SHEETS.filter((s) => chosen.has(s)),
  };
}

/** Every problem with a filled query, each naming its query field. */
export function exportQueryIssues(query: ExportQuery): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!Number.isFinite(query.from) || query.from < 0 || query.from > MAX_INSTANT)
    issues.push({ field: 'querystring.from', message: 'must be a time after 1970' });
  if (!Number.isFinite(query.to) || query.to < 0 || query.to > MAX_INSTANT)
    issues.push({ field: 'querystring.to', message: 'must be a time after 1970' });
  else if (query.from >= query.to) issues.push({ field: 'querystring.from', message: 'must be before to' });
  if (query.sheets.length === 0)
    issues.push({ field: 'querystring.sheets', message: 'must name at least one sheet' });
  return issues;
}

/** Parses `sessions,analytics` into sheet keys; the names it does not know go to `unknown`. */
export function parseSheetList(text: string): { sheets: ExportSheetKey[]; unknown: string[] } {
  const sheets: ExportSheetKey[] = [];
  const unknown: string[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if ((EXPORT_SHEETS as readonly string[]).includes(name)) sheets.push(name as ExportSheetKey);
    else unknown.push(raw.trim());
  }
  return { sheets, unknown };
}
