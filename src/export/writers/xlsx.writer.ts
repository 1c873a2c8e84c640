import type { ExportColumn, ExportRow, ExportSheet } from '../export-sheet.js';
import type { ZonedClock } from '../zoned-clock.js';
import type { ExportWriter } from './export-writer.js';
import type { TextSink } from './text-sink.js';
import {
  contentTypesXml,
  ROOT_RELS_XML,
  SHEET_END,
  sheetPath,
  sheetStartXml,
  STYLE,
  STYLES_XML,
  workbookRelsXml,
  workbookXml,
  xmlText,
} from './xlsx-parts.js';
import { ZipOutput } from './zip-output.js';

/** The most rows an Excel sheet holds, the header included. */
export const EXCEL_MAX_ROWS = 1_048_576;

/** `A`, `B`, ... `Z`, `AA`: the letters of column `i` (0-based). */
function columnLetters(i: number): string {
  let n = i + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Inline strings (no shared-strings table to keep in memory), dates as Excel dates. */
function cellXml(ref: string, value: ExportRow[number], column: ExportColumn, clock: ZonedClock): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    if (column.type === 'date') return `<c r="${ref}" s="${STYLE.date}"><v>${clock.excelDate(value)}</v></c>`;
    return `<c r="${ref}"><v>${value}</v></c>`;
  }
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
}

/** The sheet's rows as `<row>` elements, numbered from 2 (row 1 is the header). */
class SheetRows {
  private readonly letters: string[];

  constructor(
    private readonly sheet: ExportSheet,
    private readonly clock: ZonedClock,
  ) {
    this.letters = sheet.columns.map((_, i) => columnLetters(i));
  }

  header(): string {
    const cells = this.sheet.columns.map(
      (c, i) =>
        `<c r="${this.letters[i]}1" t="inlineStr" s="${STYLE.header}"><is><t>${xmlText(c.header)}</t></is></c>`,
    );
    return `<row r="1">${cells.join('')}</row>`;
  }

  row(row: ExportRow, r: number): string {
    const { columns } = this.sheet;
    let cells = '';
    for (let i = 0; i < columns.length; i += 1) {
      cells += cellXml(`${this.letters[i]}${r}`, row[i] ?? null, columns[i]!, this.clock);
    }
    return `<row r="${r}">${cells}</row>`;
  }

  widths(): number[] {
    return this.sheet.columns.map((c) => (c.type === 'date' ? 20 : Math.max(10, c.header.length + 2)));
  }
}

/**
 * xlsx, written by hand as a zip of its XML parts (ECMA-376): each sheet is streamed row by row
 * into its zip entry, strings inline, so memory does not grow with the rows. A sheet past Excel's
 * 1,048,576 rows goes on in "<name> (2)", "<name> (3)"...; dates are Excel dates of the profile's
 * wall clock.
 */
export const writeXlsx: ExportWriter = async ({ sheets, context, maxSheetRows }, out) => {
  const zip = new ZipOutput(out, context.signal);
  const names: string[] = [];
  for (const sheet of sheets) {
    const rows = new SheetRows(sheet, context.clock);
    let part = 0;
    let r = 1;
    const open = (): TextSink => {
      part += 1;
      names.push(part === 1 ? sheet.name : `${sheet.name} (${part})`);
      const entry = zip.entry(sheetPath(names.length));
      entry.add(sheetStartXml(rows.widths()) + rows.header());
      r = 1;
      return entry;
    };
    let sink = open();
    for await (const page of sheet.pages(context)) {
      for (const row of page) {
        if (r > maxSheetRows) {
          sink.add(SHEET_END);
          await sink.end();
          sink = open();
        }
        r += 1;
        if (sink.add(rows.row(row, r))) await sink.flush();
      }
    }
    sink.add(SHEET_END);
    await sink.end();
  }
  zip.add('[Content_Types].xml', contentTypesXml(names.length));
  zip.add('_rels/.rels', ROOT_RELS_XML);
  zip.add('xl/workbook.xml', workbookXml(names));
  zip.add('xl/_rels/workbook.xml.rels', workbookRelsXml(names.length));
  zip.add('xl/styles.xml', STYLES_XML);
  await zip.finish();
};
