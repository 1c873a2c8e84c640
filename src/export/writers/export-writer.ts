import type { Writable } from 'node:stream';
import type { ExportSheet, SheetContext } from '../export-sheet.js';

/** What a writer writes: the sheets, in order, and where their rows come from. */
export interface ExportDocument {
  sheets: readonly ExportSheet[];
  context: SheetContext;
  /** The most rows one xlsx sheet holds besides its header; more continue in "<name> (2)". */
  maxSheetRows: number;
}

/**
 * Writes a whole export into `out` and ends it, waiting whenever `out` is full. Rejects with an
 * AbortError once the context's signal is aborted, and with a read's error if one fails.
 */
export type ExportWriter = (doc: ExportDocument, out: Writable) => Promise<void>;
