import type { Driver, DriversResult } from '../../analytics/drivers/drivers-result.schema.js';
import type { SessionSummary } from '../../store/ports.js';
import type { ExportColumn, ExportRow, ExportSheet } from '../export-sheet.js';
import { startedSessions } from './started-sessions.js';

const columns: ExportColumn[] = [
  { key: 'session_id', header: 'Session', type: 'number' },
  { key: 'stream', header: 'Stream', type: 'text' },
  { key: 'session_started_at', header: 'Session started', type: 'date' },
  { key: 'status', header: 'Status', type: 'text' },
  { key: 'n', header: 'Minutes (n)', type: 'number' },
  { key: 'r2', header: 'R squared', type: 'number' },
  { key: 'activity', header: 'Activity', type: 'text' },
  { key: 'best_lag_minutes', header: 'Best lag (min)', type: 'number' },
  { key: 'r', header: 'Pearson r', type: 'number' },
  { key: 'p', header: 'p', type: 'number' },
  { key: 'p_adjusted', header: 'p (Holm)', type: 'number' },
  { key: 'significant', header: 'Significant', type: 'boolean' },
  { key: 'spearman_rho', header: 'Spearman rho', type: 'number' },
  { key: 'spearman_p', header: 'Spearman p', type: 'number' },
  { key: 'coefficient', header: 'Viewers per unit', type: 'number' },
  { key: 'ci95_low', header: 'CI 95% low', type: 'number' },
  { key: 'ci95_high', header: 'CI 95% high', type: 'number' },
  { key: 'verdict', header: 'Verdict', type: 'text' },
];

function driverRow(s: SessionSummary, result: DriversResult, d: Driver | null): ExportRow {
  const head = [s.id, s.stream, s.started_at, result.status, result.n, result.r2];
  if (!d) return [...head, null, null, null, null, null, null, null, null, null, null, null, result.verdict];
  return [
    ...head,
    d.activity,
    d.best_lag_minutes,
    d.r,
    d.p,
    d.p_adjusted,
    d.significant,
    d.spearman.rho,
    d.spearman.p,
    d.coefficient,
    d.ci95?.[0] ?? null,
    d.ci95?.[1] ?? null,
    d.verdict,
  ];
}

/**
 * Correlations: each session's drivers of viewer change, one row per activity, as the drivers API
 * answers them (a session without any measured driver gets one row with its verdict).
 */
export const correlationsSheet: ExportSheet = {
  key: 'correlations',
  name: 'Correlations',
  columns,
  async *pages(context) {
    for await (const sessions of startedSessions(context)) {
      for (const session of sessions) {
        context.signal.throwIfAborted();
        const result = await context.drivers(session.id);
        if (result.drivers.length === 0) yield [driverRow(session, result, null)];
        else yield result.drivers.map((d) => driverRow(session, result, d));
      }
    }
  },
};
