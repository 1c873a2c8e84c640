import type { SessionViewerTotals } from '../../core/aggregates.js';
import { COUNTER_FIELDS } from '../../core/counters.js';
import type { SessionSummary } from '../../store/ports.js';
import { PAGE_ROWS, type ExportColumn, type ExportRow, type ExportSheet } from '../export-sheet.js';
import { counterColumns } from './counter-columns.js';
import { startedSessions } from './started-sessions.js';

const columns: ExportColumn[] = [
  { key: 'session_id', header: 'Session', type: 'number' },
  { key: 'stream', header: 'Stream', type: 'text' },
  { key: 'session_started_at', header: 'Session started', type: 'date' },
  { key: 'user_id', header: 'Viewer id', type: 'text' },
  { key: 'name', header: 'Viewer', type: 'text' },
  { key: 'display', header: 'Display name', type: 'text' },
  ...counterColumns,
  { key: 'events', header: 'Events', type: 'number' },
  { key: 'first_seen', header: 'First seen', type: 'date' },
  { key: 'last_seen', header: 'Last seen', type: 'date' },
];

function contributionRow(s: SessionSummary, v: SessionViewerTotals): ExportRow {
  return [
    s.id,
    s.stream,
    s.started_at,
    v.user_id,
    v.name,
    v.display,
    ...COUNTER_FIELDS.map((f) => v[f]),
    v.events,
    v.first_seen,
    v.last_seen,
  ];
}

/** Contributions: what each viewer did in each session of the range (gifts, coins, messages, likes...). */
export const contributionsSheet: ExportSheet = {
  key: 'contributions',
  name: 'Contributions',
  columns,
  async *pages(context) {
    const { store, signal } = context;
    for await (const sessions of startedSessions(context)) {
      for (const session of sessions) {
        let after: string | undefined;
        for (;;) {
          signal.throwIfAborted();
          const viewers = await store.listSessionViewers({ session: session.id, after, limit: PAGE_ROWS });
          if (viewers.length > 0) yield viewers.map((v) => contributionRow(session, v));
          if (viewers.length < PAGE_ROWS) break;
          after = viewers.at(-1)!.user_id;
        }
      }
    }
  },
};
