import type { ExportSheetKey } from './export-query.js';
import type { ExportSheet } from './export-sheet.js';
import { analyticsSheet } from './sheets/analytics.sheet.js';
import { clipsSheet } from './sheets/clips.sheet.js';
import { contributionsSheet } from './sheets/contributions.sheet.js';
import { correlationsSheet } from './sheets/correlations.sheet.js';
import { eventsSheet } from './sheets/events.sheet.js';
import { sessionsSheet } from './sheets/sessions.sheet.js';
import { summarySheet } from './sheets/summary.sheet.js';

/** Every sheet an export may hold, by key. */
export const EXPORT_SHEET_DEFINITIONS: Readonly<Record<ExportSheetKey, ExportSheet>> = {
  sessions: sessionsSheet,
  analytics: analyticsSheet,
  contributions: contributionsSheet,
  correlations: correlationsSheet,
  clips: clipsSheet,
  summary: summarySheet,
  events: eventsSheet,
};
