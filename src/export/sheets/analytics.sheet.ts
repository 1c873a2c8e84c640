import type { Rollup } from '../../core/aggregates.js';
import { COUNTER_FIELDS } from '../../core/counters.js';
import {
  PAGE_ROWS,
  type ExportColumn,
  type ExportRow,
  type ExportSheet,
  type SheetContext,
} from '../export-sheet.js';
import { RollupBucketer, type RollupBucket } from '../rollup-buckets.js';
import { counterColumns } from './counter-columns.js';

const columns: ExportColumn[] = [
  { key: 'at', header: 'Time', type: 'date' },
  { key: 'stream', header: 'Stream', type: 'text' },
  { key: 'viewers_avg', header: 'Average viewers', type: 'number' },
  { key: 'viewers_min', header: 'Min viewers', type: 'number' },
  { key: 'viewers_max', header: 'Max viewers', type: 'number' },
  { key: 'viewers_last', header: 'Last viewers', type: 'number' },
  ...counterColumns,
  { key: 'events', header: 'Events', type: 'number' },
];

function bucketRow(b: RollupBucket): ExportRow {
  const v = b.viewers;
  return [b.at, b.stream, v.avg, v.min, v.max, v.last, ...COUNTER_FIELDS.map((f) => b[f]), b.events];
}

/**
 * The 1-minute rollups of the range, a page at a time in minute order. A full page ends inside a
 * minute whose other streams come next: its rows are read again with the next page.
 */
async function* rollupPages({ store, from, to, signal }: SheetContext): AsyncGenerator<Rollup[]> {
  for (let start = from; ;) {
    signal.throwIfAborted();
    const page = await store.listRollups({ from: start, to, limit: PAGE_ROWS });
    if (page.length < PAGE_ROWS) {
      if (page.length > 0) yield page;
      return;
    }
    const lastMinute = page.at(-1)!.minute;
    const whole = page.filter((r) => r.minute < lastMinute);
    // A page of one minute alone would hold more streams than a profile has: taken as it is.
    if (whole.length === 0) {
      yield page;
      start = lastMinute + 60_000;
    } else {
      yield whole;
      start = lastMinute;
    }
  }
}

/** Analytics: each stream's activity per interval of the chosen resolution. */
export const analyticsSheet: ExportSheet = {
  key: 'analytics',
  name: 'Analytics',
  columns,
  async *pages(context) {
    const bucketer = new RollupBucketer(context.resolution, context.clock);
    for await (const rollups of rollupPages(context)) {
      const done = bucketer.add(rollups);
      if (done.length > 0) yield done.map(bucketRow);
    }
    const last = bucketer.finish();
    if (last.length > 0) yield last.map(bucketRow);
  },
};
