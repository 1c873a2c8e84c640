import { DRIVER_ACTIVITIES } from '../analytics/drivers/drivers-result.schema.js';
import type { ExportResolution, ExportSheetKey } from './export-query.js';
import type { SheetContext } from './export-sheet.js';
import { bucketStart } from './rollup-buckets.js';
import { clipsSheet } from './sheets/clips.sheet.js';
import { startedSessions } from './sheets/started-sessions.js';

/** The Summary's rows: what the export covers (6), the session totals (20) and clip totals (2). */
const SUMMARY_ROWS = 28;
const STEP_MS: Record<ExportResolution, number> = {
  minute: 60_000,
  '5min': 300_000,
  '15min': 900_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * About how many rows each sheet of an export of the context's range will hold, from the range's
 * sessions (and its clips, counted): what a page shows progress against. Analytics counts the
 * intervals each session spans, Events the events of the sessions, Correlations one row per
 * activity: activity outside sessions, and sessions with fewer drivers, make them approximate.
 */
export async function estimateRows(context: SheetContext): Promise<Record<ExportSheetKey, number>> {
  const rows: Record<ExportSheetKey, number> = {
    sessions: 0,
    analytics: 0,
    contributions: 0,
    correlations: 0,
    clips: 0,
    summary: SUMMARY_ROWS,
    events: 0,
  };
  for await (const page of startedSessions(context)) {
    for (const s of page) {
      const end = s.ended_at ?? s.last_event_at;
      const first = bucketStart(s.started_at, context.resolution, context.clock);
      const last = bucketStart(Math.max(s.started_at, end), context.resolution, context.clock);
      rows.sessions += 1;
      rows.analytics += Math.round((last - first) / STEP_MS[context.resolution]) + 1;
      rows.contributions += s.unique_viewers;
      rows.correlations += DRIVER_ACTIVITIES.length;
      rows.events += s.events;
    }
  }
  for await (const page of clipsSheet.pages(context)) rows.clips += page.length;
  return rows;
}
