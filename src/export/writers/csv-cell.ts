import type { ExportColumn, ExportRow } from '../export-sheet.js';
import type { ZonedClock } from '../zoned-clock.js';

/**
 * A text a spreadsheet would take for a formula (OWASP, CSV injection): it is prefixed with a
 * quote, which shows it as the text it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A field that must be quoted (RFC 4180): it holds a comma, a quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/** Guards and quotes a text field. */
export function csvText(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * One CSV field: numbers as JavaScript writes them, dates as ISO-8601 text with the profile's
 * offset, booleans as true/false, nothing as an empty field.
 */
export function csvField(value: ExportRow[number], column: ExportColumn, clock: ZonedClock): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return column.type === 'date' ? clock.iso(value) : String(value);
  }
  return typeof value === 'boolean' ? String(value) : csvText(value);
}
