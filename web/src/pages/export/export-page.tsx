import { useRef, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { usePageTitle } from '../../app/page-title.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatBytes, formatCount } from '../../components/format.js';
import { ProgressBar } from '../../components/progress-bar.js';
import { downloadExport, saveFile, type DownloadProgress } from './export-download.js';

const FORMATS = [
  { id: 'xlsx', label: 'Excel (xlsx)' },
  { id: 'csv', label: 'CSV (zip, one file per sheet)' },
  { id: 'json', label: 'JSON' },
  { id: 'ndjson', label: 'NDJSON (one row per line)' },
] as const;
type Format = (typeof FORMATS)[number]['id'];

const SHEETS = [
  { id: 'sessions', label: 'Sessions' },
  { id: 'analytics', label: 'Analytics' },
  { id: 'contributions', label: 'Contributions' },
  { id: 'correlations', label: 'Correlations' },
  { id: 'clips', label: 'Clips' },
  { id: 'summary', label: 'Summary' },
  { id: 'events', label: 'Events (the raw log: large)' },
] as const;
type Sheet = (typeof SHEETS)[number]['id'];

const RESOLUTIONS = ['minute', '5min', '15min', 'hour', 'day'] as const;
type Resolution = (typeof RESOLUTIONS)[number];

/**
 * About how many bytes a row takes in each format (measured on the benchmark's profile): with the
 * estimated rows, what the progress bar measures against.
 */
const BYTES_PER_ROW: Record<Format, number> = { xlsx: 60, csv: 30, json: 230, ndjson: 240 };
const DAY_MS = 86_400_000;

/** `yyyy-mm-dd` of a day in the browser's time zone. */
function dayText(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Midnight starting `text` (yyyy-mm-dd) in the browser's time zone, epoch ms. */
function dayStart(text: string): number {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y!, m! - 1, d).getTime();
}

type State =
  | { kind: 'idle' }
  | { kind: 'running'; expectedRows: number; progress: DownloadProgress }
  | { kind: 'done'; filename: string; bytes: number; rows: number | null; expectedRows: number }
  | { kind: 'failed'; error: unknown };

/** The Export page: a range, a format, the sheets, and a download that shows its progress. */
export default function ExportPage({ profile }: { profile: string }) {
  usePageTitle('Export');
  const [from, setFrom] = useState(() => dayText(Date.now() - 30 * DAY_MS));
  const [to, setTo] = useState(() => dayText(Date.now()));
  const [format, setFormat] = useState<Format>('xlsx');
  const [resolution, setResolution] = useState<Resolution>('hour');
  const [sheets, setSheets] = useState<ReadonlySet<Sheet>>(
    () => new Set(SHEETS.map((s) => s.id).filter((s) => s !== 'events')),
  );
  const [state, setState] = useState<State>({ kind: 'idle' });
  const cancel = useRef<AbortController | null>(null);

  const toggle = (sheet: Sheet) =>
    setSheets((now) => {
      const next = new Set(now);
      if (next.has(sheet)) next.delete(sheet);
      else next.add(sheet);
      return next;
    });

  async function start() {
    const controller = new AbortController();
    cancel.current = controller;
    // The end day is included: the range runs to the next midnight.
    const range = { from: String(dayStart(from)), to: String(dayStart(to) + DAY_MS), resolution };
    try {
      const estimate = await unwrap(
        api.GET('/api/profiles/{profile}/export/estimate', {
          params: { path: { profile }, query: range },
          signal: controller.signal,
        }),
      );
      const expectedRows = [...sheets].reduce((n, s) => n + (estimate.rows[s] ?? 0), 0);
      setState({ kind: 'running', expectedRows, progress: { bytes: 0, rows: null } });
      const query = new URLSearchParams({ ...range, format, sheets: [...sheets].join(',') });
      const file = await downloadExport(
        `/api/profiles/${encodeURIComponent(profile)}/export?${query}`,
        format === 'ndjson',
        (progress) => setState({ kind: 'running', expectedRows, progress }),
        controller.signal,
      );
      saveFile(file);
      setState({ kind: 'done', filename: file.filename, bytes: file.bytes, rows: file.rows, expectedRows });
    } catch (error) {
      setState(controller.signal.aborted ? { kind: 'idle' } : { kind: 'failed', error });
    } finally {
      cancel.current = null;
    }
  }

  const running = state.kind === 'running';
  return (
    <div>
      <h1>Export</h1>
      <section className="panel">
        <h2>What to export</h2>
        <div className="form-row">
          <label>
            From
            <input
              type="date"
              data-testid="export-from"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
          </label>
          <label>
            To (included)
            <input type="date" data-testid="export-to" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label>
            Format
            <select
              data-testid="export-format"
              value={format}
              onChange={(e) => setFormat(e.target.value as Format)}
            >
              {FORMATS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Analytics interval
            <select
              data-testid="export-resolution"
              value={resolution}
              onChange={(e) => setResolution(e.target.value as Resolution)}
            >
              {RESOLUTIONS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
        </div>
        <fieldset>
          <legend>Sheets</legend>
          {SHEETS.map((s) => (
            <label key={s.id} className="check">
              <input
                type="checkbox"
                data-testid={`export-sheet-${s.id}`}
                checked={sheets.has(s.id)}
                onChange={() => toggle(s.id)}
              />
              {s.label}
            </label>
          ))}
        </fieldset>
        <p className="muted small">
          A session counts in the range it started in. Dates are in the profile&apos;s time zone. Excel holds
          1,048,576 rows a sheet: a longer sheet goes on in a second one.
        </p>
        <div className="form-row">
          <button
            type="button"
            data-testid="export-download"
            disabled={running || sheets.size === 0}
            onClick={() => void start()}
          >
            Download
          </button>
          {running && (
            <button type="button" data-testid="export-cancel" onClick={() => cancel.current?.abort()}>
              Cancel
            </button>
          )}
        </div>
      </section>
      <ExportProgress state={state} format={format} />
    </div>
  );
}

function ExportProgress({ state, format }: { state: State; format: Format }) {
  if (state.kind === 'idle') return null;
  if (state.kind === 'failed') return <ErrorNotice error={state.error} testId="export-error" />;
  if (state.kind === 'done') {
    return (
      <section className="panel" data-testid="export-done">
        <h2 id="export-progress-label">Done</h2>
        <p>
          Saved <strong data-testid="export-filename">{state.filename}</strong>:{' '}
          <span data-testid="export-bytes">{formatBytes(state.bytes)}</span>
          {state.rows !== null && (
            <>
              {' '}
              , <span data-testid="export-rows">{formatCount(state.rows)}</span> rows
            </>
          )}{' '}
          (about {formatCount(state.expectedRows)} rows expected).
        </p>
      </section>
    );
  }
  const { bytes, rows } = state.progress;
  const expectedBytes = Math.max(1, state.expectedRows * BYTES_PER_ROW[format]);
  const received = rows ?? Math.round(bytes / BYTES_PER_ROW[format]);
  // Estimates are rough: the bar waits at 99% until the last byte.
  const percent =
    rows !== null ? (100 * rows) / Math.max(1, state.expectedRows) : (100 * bytes) / expectedBytes;
  const text = `${formatBytes(bytes)} received, ${rows !== null ? '' : 'about '}${formatCount(received)} of about ${formatCount(state.expectedRows)} rows`;
  return (
    <section className="panel" data-testid="export-progress">
      <h2 id="export-progress-label">Exporting…</h2>
      <ProgressBar percent={Math.min(99, percent)} labelledBy="export-progress-label" text={text} />
      <p data-testid="export-progress-text">{text}</p>
    </section>
  );
}
