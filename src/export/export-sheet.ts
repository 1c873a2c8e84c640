import type { DriversResult } from '../analytics/drivers/drivers-result.schema.js';
import type { ClipStore, EventReads, SessionReads, ViewerReads } from '../store/ports.js';
import type { ExportResolution, ExportSheetKey } from './export-query.js';
import type { ZonedClock } from './zoned-clock.js';

/**
 * How a column's values are written. `date`: epoch ms (an Excel date in xlsx, ISO-8601 text with
 * the profile's offset elsewhere); `text` may hold user text (guarded against formulas in CSV);
 * `value`: a number or a text, as each row has it (the Summary's values).
 */
export type ExportColumnType = 'text' | 'number' | 'date' | 'boolean' | 'value';

export interface ExportColumn {
  /** The field name in JSON and NDJSON. */
  key: string;
  /** The column title in xlsx and CSV. */
  header: string;
  type: ExportColumnType;
}

/** A cell: null where there is nothing (an empty cell, JSON null). */
export type ExportValue = string | number | boolean | null;
export type ExportRow = readonly ExportValue[];

/** What a sheet reads from a profile: the store's read ports, paged. */
export type ExportStore = SessionReads & ViewerReads & EventReads & Pick<ClipStore, 'listClips'>;

/** Everything a sheet's rows come from. */
export interface SheetContext {
  profile: string;
  store: ExportStore;
  /** Epoch ms, `from` included, `to` excluded. */
  from: number;
  to: number;
  resolution: ExportResolution;
  clock: ZonedClock;
  /** When the export began (epoch ms). */
  generatedAt: number;
  /** A session's drivers of viewer change, as the drivers API answers them. */
  drivers(sessionId: number): Promise<DriversResult>;
  /** Set when the export is abandoned (the client went away): no further reads. */
  signal: AbortSignal;
}

/**
 * One sheet: its columns and its rows, read page by page (a page is a few thousand rows at most,
 * so nothing holds a whole profile in memory).
 */
export interface ExportSheet {
  key: ExportSheetKey;
  /** The sheet's title (xlsx tab, CSV file name). */
  name: string;
  columns: readonly ExportColumn[];
  pages(context: SheetContext): AsyncIterable<ExportRow[]>;
}

/**
 * Rows read from the store at a time. Small on purpose: a page lives while its rows are written
 * and the reader catches up; pages of 1,000 outlived two young-generation collections often enough
 * to be promoted, and the old generation grew by ~200 MB over a 10-million-event export before
 * a full collection (pages of 200: ~45 MB, at the same speed).
 */
export const PAGE_ROWS = 200;
