import type { ExportWriter } from './export-writer.js';
import { JsonRowText } from './json-text.js';
import { TextSink } from './text-sink.js';

/** NDJSON: one JSON object per line and row, its sheet's key first (`{"sheet":"sessions",...}`). */
export const writeNdjson: ExportWriter = async ({ sheets, context }, out) => {
  const sink = new TextSink(out, context.signal);
  for (const sheet of sheets) {
    const text = new JsonRowText(sheet.columns, context.clock, `"sheet":${JSON.stringify(sheet.key)},`);
    for await (const page of sheet.pages(context)) {
      for (const row of page) if (sink.add(`${text.row(row)}\n`)) await sink.flush();
    }
  }
  await sink.end();
};
