import { addCounters, COUNTER_FIELDS, emptyCounters } from '../../core/counters.js';
import type { ExportColumn, ExportRow, ExportSheet, SheetContext } from '../export-sheet.js';
import { clipsSheet } from './clips.sheet.js';
import { startedSessions } from './started-sessions.js';

const columns: ExportColumn[] = [
  { key: 'metric', header: 'Metric', type: 'text' },
  { key: 'label', header: 'Label', type: 'text' },
  { key: 'value', header: 'Value', type: 'value' },
];

const COUNTER_LABELS = Object.fromEntries(
  COUNTER_FIELDS.map((f) => [f, f === 'comments' ? 'Messages' : f[0]!.toUpperCase() + f.slice(1)]),
);

/** The sessions of the range summed: counts, time, viewers and every counter. */
async function sessionTotals(context: SheetContext): Promise<ExportRow[]> {
  const counters = emptyCounters();
  const streams = new Set<string>();
  let sessions = 0;
  let live = 0;
  let durationMs = 0;
  let peak = 0;
  let viewersSum = 0;
  let viewersN = 0;
  let viewerSessions = 0;
  let events = 0;
  for await (const page of startedSessions(context)) {
    for (const s of page) {
      sessions += 1;
      if (s.is_live) live += 1;
      streams.add(s.stream);
      durationMs += s.duration_ms;
      peak = Math.max(peak, s.peak_viewers);
      viewersSum += s.viewers_sum;
      viewersN += s.viewers_n;
      viewerSessions += s.unique_viewers;
      events += s.events;
      addCounters(counters, s);
    }
  }
  return [
    ['sessions', 'Sessions', sessions],
    ['live_sessions', 'Sessions still live', live],
    ['streams', 'Streams with a session', streams.size],
    ['duration_hours', 'Hours live', durationMs / 3_600_000],
    ['peak_viewers', 'Peak viewers', peak],
    ['avg_viewers', 'Average viewers', viewersN > 0 ? viewersSum / viewersN : null],
    ['viewer_sessions', 'Viewers, summed over sessions', viewerSessions],
    ...COUNTER_FIELDS.map((f): ExportRow => [f, COUNTER_LABELS[f]!, counters[f]]),
    ['events', 'Events', events],
  ];
}

/** The clips created in the range: how many, and their views. */
async function clipTotals(context: SheetContext): Promise<ExportRow[]> {
  const views = clipsSheet.columns.findIndex((c) => c.key === 'view_count');
  let clips = 0;
  let clipViews = 0;
  for await (const page of clipsSheet.pages(context)) {
    clips += page.length;
    for (const row of page) clipViews += row[views] as number;
  }
  return [
    ['clips', 'Clips', clips],
    ['clip_views', 'Clip views', clipViews],
  ];
}

/**
 * Summary: what the export covers (profile, range in the profile's time zone) and the range's
 * totals, from its sessions (a session counts in the range it started in) and clips.
 */
export const summarySheet: ExportSheet = {
  key: 'summary',
  name: 'Summary',
  columns,
  async *pages(context) {
    const { clock } = context;
    yield [
      ['profile', 'Profile', context.profile],
      ['from', 'From', clock.iso(context.from)],
      ['to', 'To (excluded)', clock.iso(context.to)],
      ['time_zone', 'Time zone', clock.timeZone],
      ['resolution', 'Analytics interval', context.resolution],
      ['generated_at', 'Generated', clock.iso(context.generatedAt)],
    ];
    yield await sessionTotals(context);
    yield await clipTotals(context);
  },
};
