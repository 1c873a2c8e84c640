import type { StoredEvent } from '../../core/live-event.js';
import { PAGE_ROWS, type ExportColumn, type ExportRow, type ExportSheet } from '../export-sheet.js';

/** About how much text and data one page of the log holds at most (characters). */
const PAGE_CHARS = 4 * 1024 * 1024;

const columns: ExportColumn[] = [
  { key: 'seq', header: 'Seq', type: 'number' },
  { key: 'at', header: 'Time', type: 'date' },
  { key: 'stream', header: 'Stream', type: 'text' },
  { key: 'kind', header: 'Kind', type: 'text' },
  { key: 'id', header: 'Source id', type: 'text' },
  { key: 'user_id', header: 'Viewer id', type: 'text' },
  { key: 'user_name', header: 'Viewer', type: 'text' },
  { key: 'user_display', header: 'Display name', type: 'text' },
  { key: 'count', header: 'Count', type: 'number' },
  { key: 'value', header: 'Value', type: 'number' },
  { key: 'gift_id', header: 'Gift id', type: 'text' },
  { key: 'gift_name', header: 'Gift', type: 'text' },
  { key: 'text', header: 'Text', type: 'text' },
  { key: 'data', header: 'Data (JSON)', type: 'text' },
  { key: 'voided_by', header: 'Voided by', type: 'number' },
];

function eventRow(e: StoredEvent): ExportRow {
  return [
    e.seq,
    e.at,
    e.stream,
    e.kind,
    e.id ?? null,
    e.user?.id ?? null,
    e.user?.name ?? null,
    e.user?.display ?? null,
    e.count,
    e.value,
    e.gift?.id ?? null,
    e.gift?.name ?? null,
    e.text ?? null,
    e.data === undefined ? null : JSON.stringify(e.data),
    e.voided_by ?? null,
  ];
}

/**
 * Events (asked for by name only): the raw log of the range, voided events marked, in log order.
 * The log is paged by seq and the range applied to each page: late events keep their place.
 */
export const eventsSheet: ExportSheet = {
  key: 'events',
  name: 'Events',
  columns,
  async *pages({ store, from, to, signal }) {
    for (let after = 0; ;) {
      signal.throwIfAborted();
      const page = await store.listEvents(after, PAGE_ROWS, PAGE_CHARS);
      if (page.length === 0) return;
      const rows: ExportRow[] = [];
      for (const e of page) if (e.at >= from && e.at < to) rows.push(eventRow(e));
      if (rows.length > 0) yield rows;
      after = page.at(-1)!.seq;
    }
  },
};
