/**
 * The export benchmark (group `ops`): the 10-million-event profile of the analytics benchmark
 * exported by a server process in every format, the default sheets and then with the raw events.
 * Per export: rows/s, bytes, seconds, and how much the server's resident memory grew (its
 * /proc/<pid>/status VmRSS sampled every 100 ms: the peak minus the reading before), against the
 * bound of 150 MB. The raw ceiling, measured in the same run: the same profile's events read page
 * by page through the store with no writer.
 */
import { cpSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/main.js';
import { ANALYTICS_PROFILE, ensureAnalyticsDataset, type AnalyticsDataset } from './analytics-dataset.js';
import { printFigure, progress } from './report.js';
import type { GroupOptions } from './run.js';
import { adminHeaders, spawnServer, type ServerProcess } from './server-process.js';
import { makeTempDir } from './workers.js';

const EVENTS = Number(process.env.BENCH_OPS_EVENTS ?? 10_000_000);
const DAY_MS = 86_400_000;
const RSS_BOUND_MB = 150;
const SAMPLE_MS = 100;
const MB = 1024 * 1024;
const FORMATS = ['ndjson', 'csv', 'json', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];
/** The rows of the log read at a time, as the export reads them. */
const PAGE = 2_000;
const PAGE_CHARS = 4 * MB;

/** The server's resident memory now (bytes), from the kernel. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kib) * 1024;
}

/** Samples a process's RSS every 100 ms until stopped; answers the peak. */
function sampleRss(pid: number): { stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid));
    },
  };
}

interface Downloaded {
  bytes: number;
  seconds: number;
  /** NDJSON only: lines per sheet. */
  rows: Map<string, number>;
}

/** Downloads an export as fast as it comes, counting its bytes (and NDJSON rows per sheet). */
function download(server: ServerProcess, query: string, countRows: boolean): Promise<Downloaded> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const url = `${server.url}/api/profiles/${ANALYTICS_PROFILE}/export?${query}`;
    const req = request(url, { headers: adminHeaders(server), agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`export answered ${res.statusCode}`));
      }
      let bytes = 0;
      let tail = '';
      const rows = new Map<string, number>();
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (!countRows) return;
        const lines = (tail + chunk.toString('utf8')).split('\n');
        tail = lines.pop()!;
        for (const line of lines) {
          const sheet = /^\{"sheet":"([a-z]+)"/.exec(line)?.[1] ?? '?';
          rows.set(sheet, (rows.get(sheet) ?? 0) + 1);
        }
      });
      res.on('end', () => resolve({ bytes, seconds: (performance.now() - start) / 1000, rows }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The log of the copy read through the store, page by page, no writer: rows/s of the range. */
async function measureRawReads(dataDir: string, from: number, to: number): Promise<number> {
  const services = createServices(loadConfig({ STREAMPULSE_DATA_DIR: dataDir }, {}), createLogger('silent'));
  try {
    const store = await services.engine.openProfile(ANALYTICS_PROFILE);
    const start = performance.now();
    let rows = 0;
    for (let after = 0; ;) {
      const page = await store.listEvents(after, PAGE, PAGE_CHARS);
      if (page.length === 0) break;
      for (const e of page) if (e.at >= from && e.at < to) rows += 1;
      after = page.at(-1)!.seq;
    }
    return rows / ((performance.now() - start) / 1000);
  } finally {
    await services.close();
  }
}

async function exportOnce(
  server: ServerProcess,
  format: Format,
  sheets: 'default' | 'events',
  range: string,
  rowsOf: Map<string, number>,
  tags: Record<string, string | number>,
  ceiling: number,
): Promise<void> {
  const query = `format=${format}&${range}${sheets === 'events' ? '&sheets=sessions,analytics,contributions,correlations,clips,summary,events' : ''}`;
  const before = rssOf(server.pid);
  const sampler = sampleRss(server.pid);
  const result = await download(server, query, format === 'ndjson');
  const peak = sampler.stop();
  if (format === 'ndjson') for (const [sheet, n] of result.rows) rowsOf.set(`${sheets}:${sheet}`, n);
  const rows = [...rowsOf].filter(([k]) => k.startsWith(`${sheets}:`)).reduce((n, [, v]) => n + v, 0);
  const name = `export_${format}${sheets === 'events' ? '_events' : ''}`;
  const figureTags = { ...tags, format, sheets, rows };
  printFigure({
    name: `${name}_rows_per_s`,
    value: rows / result.seconds,
    unit: 'rows/s',
    ...(sheets === 'events' ? { ceiling } : {}),
    tags: figureTags,
  });
  printFigure({ name: `${name}_bytes`, value: result.bytes, unit: 'bytes', tags: figureTags });
  printFigure({ name: `${name}_seconds`, value: result.seconds, unit: 's', tags: figureTags });
  printFigure({
    name: `${name}_rss_growth`,
    value: (peak - before) / MB,
    unit: 'MB',
    target: { op: '<=', bound: RSS_BOUND_MB, of: 'value' },
    tags: { ...figureTags, rss_before_mb: Math.round(before / MB), rss_peak_mb: Math.round(peak / MB) },
  });
}

/** The `ops` group's exports: see the top of this file. */
export async function runExportBench(options: GroupOptions): Promise<void> {
  const dataset: AnalyticsDataset = await ensureAnalyticsDataset(EVENTS);
  const temp = makeTempDir('streampulse-bench-export-');
  let server: ServerProcess | null = null;
  try {
    progress('export: copying the data set to a temp dir');
    const dataDir = path.join(temp.dir, 'data');
    cpSync(dataset.dir, dataDir, { recursive: true });
    const from = dataset.anchor - (dataset.days + 1) * DAY_MS;
    const to = dataset.anchor;
    progress('export: the raw ceiling (the log read through the store, no writer)');
    const ceiling = await measureRawReads(dataDir, from, to);
    printFigure({
      name: 'export_raw_read_rows_per_s',
      value: ceiling,
      unit: 'rows/s',
      tags: { events: dataset.events },
    });
    server = await spawnServer(
      {
        STREAMPULSE_DATA_DIR: dataDir,
        STREAMPULSE_HOST: '127.0.0.1',
        STREAMPULSE_PORT: '0',
        STREAMPULSE_DEMO: 'off',
        STREAMPULSE_LOG_LEVEL: 'warn',
      },
      options.runner,
    );
    const tags = { runner: server.runner, events: dataset.events };
    const range = `from=${from}&to=${to}&resolution=15min`;
    const rowsOf = new Map<string, number>();
    for (const sheets of ['default', 'events'] as const) {
      for (const format of FORMATS) {
        progress(`export: ${format}, ${sheets} sheets`);
        await exportOnce(server, format, sheets, range, rowsOf, tags, ceiling);
      }
    }
  } finally {
    await server?.stop();
    temp.remove();
  }
}
