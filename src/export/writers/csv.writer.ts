import type { ExportRow } from '../export-sheet.js';
import { csvField, csvText } from './csv-cell.js';
import type { ExportWriter } from './export-writer.js';
import { ZipOutput } from './zip-output.js';

/** Makes Excel read the file as UTF-8 (accents, emoji in viewer names). */
const BOM = '\uFEFF';
const EOL = '\r\n';

/**
 * CSV: a zip with one RFC 4180 file per sheet (`Sessions.csv`, ...), UTF-8 with a byte order
 * mark, CRLF line ends, a header row of the columns' titles.
 */
export const writeCsv: ExportWriter = async ({ sheets, context }, out) => {
  const { clock } = context;
  const zip = new ZipOutput(out, context.signal);
  for (const sheet of sheets) {
    const sink = zip.entry(`${sheet.name}.csv`);
    const { columns } = sheet;
    sink.add(BOM + columns.map((c) => csvText(c.header)).join(',') + EOL);
    const line = (row: ExportRow) => {
      let text = '';
      for (let i = 0; i < columns.length; i += 1) {
        text += (i === 0 ? '' : ',') + csvField(row[i] ?? null, columns[i]!, clock);
      }
      return text + EOL;
    };
    for await (const page of sheet.pages(context)) {
      for (const row of page) if (sink.add(line(row))) await sink.flush();
    }
    await sink.end();
  }
  await zip.finish();
};
