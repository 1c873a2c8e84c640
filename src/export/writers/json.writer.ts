import type { ExportWriter } from './export-writer.js';
import { JsonRowText } from './json-text.js';
import { TextSink } from './text-sink.js';

/**
 * JSON: one document, `{"profile", "from", "to", "time_zone", "resolution", "generated_at",
 * "sheets": {"<sheet key>": [row objects...]}}`, written as the rows are read.
 */
export const writeJson: ExportWriter = async ({ sheets, context }, out) => {
  const { clock } = context;
  const sink = new TextSink(out, context.signal);
  const head = {
    profile: context.profile,
    from: clock.iso(context.from),
    to: clock.iso(context.to),
    time_zone: clock.timeZone,
    resolution: context.resolution,
    generated_at: clock.iso(context.generatedAt),
  };
  sink.add(`${JSON.stringify(head).slice(0, -1)},"sheets":{`);
  for (const [s, sheet] of sheets.entries()) {
    sink.add(`${s === 0 ? '' : ','}\n${JSON.stringify(sheet.key)}:[`);
    const text = new JsonRowText(sheet.columns, clock);
    let first = true;
    for await (const page of sheet.pages(context)) {
      for (const row of page) {
        const more = sink.add(`${first ? '\n' : ',\n'}${text.row(row)}`);
        first = false;
        if (more) await sink.flush();
      }
    }
    sink.add(']');
  }
  sink.add('}}\n');
  await sink.end();
};
