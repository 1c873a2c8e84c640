import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { EXPORT_SHEET_DEFINITIONS } from '../../src/export/export-sheets.js';
import type { ExportColumn, ExportSheet } from '../../src/export/export-sheet.js';
import type { ExportFormat, ExportSheetKey } from '../../src/export/export-query.js';

/** An export read back: each sheet's rows as objects keyed by the columns' keys, dates as epoch ms. */
export type ExportedSheets = Partial<Record<ExportSheetKey, Record<string, unknown>[]>>;

/** The sheet whose tab or file is called `name` ("Events (2)" is Events). */
function sheetNamed(name: string): ExportSheet {
  const base = name.replace(/ \(\d+\)$/, '').replace(/\.csv$/, '');
  const sheet = Object.values(EXPORT_SHEET_DEFINITIONS).find((s) => s.name === base);
  if (!sheet) throw new Error(`no sheet is called '${name}'`);
  return sheet;
}

/** The instant of an ISO-8601 text with its offset, as written for dates. */
function isoValue(column: ExportColumn, value: unknown): unknown {
  if (column.type !== 'date' || value === null || value === undefined || value === '') return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`column ${column.key} holds '${text}', not an ISO time`);
  return ms;
}

/** Parses NDJSON export text: one object per line, with its sheet's key in `sheet`. */
export function readNdjson(text: string): ExportedSheets {
  const out: ExportedSheets = {};
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const { sheet, ...row } = JSON.parse(line) as { sheet: ExportSheetKey } & Record<string, unknown>;
    const columns = EXPORT_SHEET_DEFINITIONS[sheet].columns;
    for (const c of columns) row[c.key] = isoValue(c, row[c.key]);
    (out[sheet] ??= []).push(row);
  }
  return out;
}

/** Parses a JSON export document. */
export function readJson(text: string): ExportedSheets {
  const doc = JSON.parse(text) as { sheets: Record<ExportSheetKey, Record<string, unknown>[]> };
  const out: ExportedSheets = {};
  for (const [key, rows] of Object.entries(doc.sheets) as [ExportSheetKey, Record<string, unknown>[]][]) {
    const columns = EXPORT_SHEET_DEFINITIONS[key].columns;
    out[key] = rows.map((row) => {
      for (const c of columns) row[c.key] = isoValue(c, row[c.key]);
      return row;
    });
  }
  return out;
}

/** RFC 4180 fields of a CSV text: quoted fields may hold commas, quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Typed values of a CSV field, as the column says (a guarded text keeps its quote). */
function csvValue(column: ExportColumn, text: string): unknown {
  if (text === '') return null;
  switch (column.type) {
    case 'number':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'date':
      return isoValue(column, text);
    case 'value':
      return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text) ? Number(text) : text;
    case 'text':
      return text;
  }
}

/** The files of a zip, as UTF-8 text by name. */
export async function unzipTexts(zip: Buffer): Promise<Record<string, string>> {
  const archive = await JSZip.loadAsync(zip);
  const out: Record<string, string> = {};
  for (const [name, file] of Object.entries(archive.files)) out[name] = await file.async('string');
  return out;
}

/** Parses a CSV export (a zip of one CSV per sheet); checks each file's byte order mark and header. */
export async function readCsvZip(zip: Buffer): Promise<ExportedSheets> {
  const out: ExportedSheets = {};
  for (const [name, text] of Object.entries(await unzipTexts(zip))) {
    if (!text.startsWith('\uFEFF')) throw new Error(`${name} has no byte order mark`);
    const sheet = sheetNamed(name);
    const [header, ...rows] = parseCsv(text.slice(1));
    if (header!.join(',') !== sheet.columns.map((c) => c.header).join(','))
      throw new Error(`${name} has the header ${header!.join(',')}`);
    out[sheet.key] = rows.map((fields) =>
      Object.fromEntries(sheet.columns.map((c, i) => [c.key, csvValue(c, fields[i] ?? '')])),
    );
  }
  return out;
}

/**
 * Parses an xlsx export with exceljs's reader; dates (Excel dates of the profile's wall clock)
 * come back as epoch ms through `offsetAt` (the zone's offset at an instant).
 */
export async function readXlsx(
  data: Buffer,
  offsetAt: (ms: number) => number,
): Promise<{ sheets: ExportedSheets; names: string[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const out: ExportedSheets = {};
  const names: string[] = [];
  workbook.eachSheet((ws) => {
    names.push(ws.name);
    const sheet = sheetNamed(ws.name);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    if (header.join(',') !== sheet.columns.map((c) => c.header).join(','))
      throw new Error(`${ws.name} has the header ${header.join(',')}`);
    const rows = (out[sheet.key] ??= []);
    ws.eachRow((row, r) => {
      if (r === 1) return;
      rows.push(
        Object.fromEntries(
          sheet.columns.map((c, i) => {
            const v = row.getCell(i + 1).value as unknown;
            if (v instanceof Date) {
              // The wall clock read as UTC; the zone's offset near it turns it back into an instant.
              const wall = Math.round(v.getTime());
              return [c.key, wall - offsetAt(wall - offsetAt(wall))];
            }
            return [c.key, v ?? null];
          }),
        ),
      );
    });
  });
  return { sheets: out, names };
}

/** An export body read back with the reader of its format. */
export async function readExport(
  format: ExportFormat,
  body: Buffer,
  offsetAt: (ms: number) => number,
): Promise<ExportedSheets> {
  switch (format) {
    case 'xlsx':
      return (await readXlsx(body, offsetAt)).sheets;
    case 'csv':
      return readCsvZip(body);
    case 'json':
      return readJson(body.toString('utf8'));
    case 'ndjson':
      return readNdjson(body.toString('utf8'));
  }
}
