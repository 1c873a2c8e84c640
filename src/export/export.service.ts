import { PassThrough, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import { ValidationError } from '../core/errors.js';
import type { DriversService } from '../analytics/drivers/drivers.service.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type { ProfileStores } from '../store/ports.js';
import { estimateRows } from './export-estimate.js';
import {
  exportQueryIssues,
  fillExportQuery,
  type ExportFormat,
  type ExportQuery,
  type ExportQueryInput,
  type ExportSheetKey,
} from './export-query.js';
import type { ExportStore, SheetContext } from './export-sheet.js';
import { EXPORT_SHEET_DEFINITIONS } from './export-sheets.js';
import { writeCsv } from './writers/csv.writer.js';
import type { ExportWriter } from './writers/export-writer.js';
import { writeJson } from './writers/json.writer.js';
import { writeNdjson } from './writers/ndjson.writer.js';
import { EXCEL_MAX_ROWS, writeXlsx } from './writers/xlsx.writer.js';
import { ZonedClock } from './zoned-clock.js';

/** How much of an export waits for the reader at most before the writer pauses (bytes). */
const OUTPUT_BUFFER = 64 * 1024;

const WRITERS: Record<ExportFormat, { write: ExportWriter; contentType: string; extension: string }> = {
  xlsx: {
    write: writeXlsx,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
  csv: { write: writeCsv, contentType: 'application/zip', extension: 'csv.zip' },
  json: { write: writeJson, contentType: 'application/json; charset=utf-8', extension: 'json' },
  ndjson: { write: writeNdjson, contentType: 'application/x-ndjson; charset=utf-8', extension: 'ndjson' },
};

/** An export under way: its body streams as the rows are read. */
export interface ExportDownload {
  query: ExportQuery;
  /** `streampulse-<profile>-<first day>_<last day>.<ext>`, days in the profile's time zone. */
  filename: string;
  contentType: string;
  body: Readable;
  /** Settles when the writing stops: finished, abandoned by the reader, or failed (never rejects). */
  done: Promise<void>;
}

export interface ExportEstimate {
  from: number;
  to: number;
  resolution: ExportQuery['resolution'];
  /** About how many rows each sheet holds (see estimateRows). */
  rows: Record<ExportSheetKey, number>;
}

export interface ExportServiceDeps {
  profiles: ProfileService;
  engine: ProfileStores<ExportStore>;
  drivers: DriversService;
  logger: Logger;
  now?: () => number;
  /** Rows per xlsx sheet besides the header (Excel's limit; tests use fewer). */
  maxSheetRows?: number;
}

/**
 * Exports a profile's range (sessions, interval analytics, contributions, drivers, clips, a
 * summary, and the raw events when asked) as xlsx, a zip of CSV files, JSON or NDJSON, streamed:
 * the store is read page by page as the reader takes the output, and reading stops when the reader
 * goes away.
 */
export class ExportService {
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly deps: ExportServiceDeps) {
    this.log = deps.logger.child({ module: 'export' });
    this.now = deps.now ?? Date.now;
  }

  /**
   * Checks the query and the profile, then starts writing. Throws VALIDATION_FAILED naming every
   * bad field and PROFILE_NOT_FOUND before anything is written; a read failing later ends the
   * body with that error.
   */
  async start(profile: string, input: ExportQueryInput): Promise<ExportDownload> {
    const query = this.check(input);
    const controller = new AbortController();
    const context = await this.contextOf(profile, query, controller.signal);
    const { write, contentType, extension } = WRITERS[query.format];
    const body = new PassThrough({ highWaterMark: OUTPUT_BUFFER });
    // The reader went away (or took everything): no more reads.
    body.once('close', () => controller.abort());
    const doc = {
      sheets: query.sheets.map((key) => EXPORT_SHEET_DEFINITIONS[key]),
      context,
      maxSheetRows: this.deps.maxSheetRows ?? EXCEL_MAX_ROWS - 1,
    };
    const done = write(doc, body).catch((err: unknown) => {
      if (controller.signal.aborted) {
        this.log.info({ profile, format: query.format }, 'export stopped: the reader went away');
        return;
      }
      this.log.error({ err, profile, format: query.format }, 'export failed');
      body.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    return { query, filename: this.filename(profile, query, context, extension), contentType, body, done };
  }

  /** Rows per sheet to expect from an export of the range. Throws as `start` does. */
  async estimate(profile: string, input: ExportQueryInput): Promise<ExportEstimate> {
    const query = this.check(input);
    const context = await this.contextOf(profile, query, new AbortController().signal);
    return {
      from: query.from,
      to: query.to,
      resolution: query.resolution,
      rows: await estimateRows(context),
    };
  }

  private check(input: ExportQueryInput): ExportQuery {
    const query = fillExportQuery(input, this.now());
    const issues = exportQueryIssues(query);
    if (issues.length > 0) throw new ValidationError('the export query is invalid', issues);
    return query;
  }

  private async contextOf(profile: string, query: ExportQuery, signal: AbortSignal): Promise<SheetContext> {
    const timeZone = await this.deps.profiles.getTimeZone(profile);
    return {
      profile,
      store: await this.deps.engine.openProfile(profile),
      from: query.from,
      to: query.to,
      resolution: query.resolution,
      clock: new ZonedClock(timeZone),
      generatedAt: this.now(),
      drivers: (session) => this.deps.drivers.forSession(profile, session),
      signal,
    };
  }

  private filename(profile: string, query: ExportQuery, context: SheetContext, extension: string): string {
    const day = (ms: number) => context.clock.iso(ms).slice(0, 10);
    return `streampulse-${profile}-${day(query.from)}_${day(query.to - 1)}.${extension}`;
  }
}
