import { COUNTER_FIELDS } from '../../core/counters.js';
import type { SessionSummary } from '../../store/ports.js';
import type { ExportColumn, ExportRow, ExportSheet } from '../export-sheet.js';
import { counterColumns } from './counter-columns.js';
import { startedSessions } from './started-sessions.js';

const columns: ExportColumn[] = [
  { key: 'session_id', header: 'Session', type: 'number' },
  { key: 'stream', header: 'Stream', type: 'text' },
  { key: 'started_at', header: 'Started', type: 'date' },
  { key: 'ended_at', header: 'Ended', type: 'date' },
  { key: 'is_live', header: 'Live', type: 'boolean' },
  { key: 'duration_minutes', header: 'Duration (min)', type: 'number' },
  { key: 'peak_viewers', header: 'Peak viewers', type: 'number' },
  { key: 'avg_viewers', header: 'Average viewers', type: 'number' },
  { key: 'unique_viewers', header: 'Unique viewers', type: 'number' },
  { key: 'unique_chatters', header: 'Unique chatters', type: 'number' },
  ...counterColumns,
  { key: 'events', header: 'Events', type: 'number' },
  { key: 'end_reason', header: 'End reason', type: 'text' },
];

function sessionRow(s: SessionSummary): ExportRow {
  return [
    s.id,
    s.stream,
    s.started_at,
    s.ended_at,
    s.is_live,
    s.duration_ms / 60_000,
    s.peak_viewers,
    s.avg_viewers,
    s.unique_viewers,
    s.unique_chatters,
    ...COUNTER_FIELDS.map((f) => s[f]),
    s.events,
    s.end_reason,
  ];
}

/** Sessions: one row per session started in the range, as the sessions API reports it. */
export const sessionsSheet: ExportSheet = {
  key: 'sessions',
  name: 'Sessions',
  columns,
  async *pages(context) {
    for await (const page of startedSessions(context)) yield page.map(sessionRow);
  },
};
