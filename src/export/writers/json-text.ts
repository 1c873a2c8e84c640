import type { ExportColumn, ExportRow } from '../export-sheet.js';
import type { ZonedClock } from '../zoned-clock.js';

/** One cell as JSON: dates as ISO-8601 text with the profile's offset; a number JSON cannot hold as null. */
function jsonValue(value: ExportRow[number], column: ExportColumn, clock: ZonedClock): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'null';
    return column.type === 'date' ? `"${clock.iso(value)}"` : String(value);
  }
  return typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/**
 * Builds rows as JSON objects keyed by the columns' keys, with an optional leading field (NDJSON's
 * `sheet`). The keys are quoted once, not per row.
 */
export class JsonRowText {
  private readonly keys: string[];

  constructor(
    private readonly columns: readonly ExportColumn[],
    private readonly clock: ZonedClock,
    lead = '',
  ) {
    this.keys = columns.map((c, i) => `${i === 0 ? `{${lead}` : ','}${JSON.stringify(c.key)}:`);
  }

  row(row: ExportRow): string {
    let text = '';
    for (let i = 0; i < this.columns.length; i += 1) {
      text += this.keys[i]! + jsonValue(row[i] ?? null, this.columns[i]!, this.clock);
    }
    return `${text}}`;
  }
}
