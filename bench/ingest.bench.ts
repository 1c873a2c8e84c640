import Database from 'better-sqlite3';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import type { LiveEvent } from '../src/core/live-event.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/main.js';
import { listMigrations } from '../src/store/sqlite/sqlite-database.js';
import { eventRow } from '../src/store/event-row.js';
import { BENCH_STREAMS, chunk, generateEvents } from './event-generator.js';
import { measureHttpIngest } from './ingest-http.js';
import { printPipelineBreakdown } from './pipeline-breakdown.js';
import { printFigure, progress } from './report.js';
import type { GroupOptions } from './run.js';
import { elapsedMs, makeTempDir, runConcurrently } from './workers.js';

type Sync = 'full' | 'normal';

const PIPELINE_EVENTS = 300_000;
const HTTP_EVENTS = 300_000;
const PER_SUBMISSION = 1000;
const ROWS_PER_TX = 1000;
/** Submissions in flight at once, as several connectors or clients would have. */
const IN_FLIGHT = 16;
const PIPELINE_TARGET_RATIO = 0.3;
/** Runs of the ceiling and the pipeline, each; the median of each is reported. */
const ROUNDS = 3;
/** Events of the stage-by-stage diagnostics printed when the pipeline misses its target. */
const BREAKDOWN_EVENTS = 100_000;
const PROFILE = 'bench';

type Row = (string | number | null)[];

/** The `events` table of the profile schema, without its unique index: the plain-insert ceiling. */
function eventsTableDdl(): string {
  const sql = listMigrations('profile')
    .map((m) => m.sql)
    .join('\n');
  const match = /CREATE TABLE events \([\s\S]*?\n\);/.exec(sql);
  if (!match) throw new Error('no CREATE TABLE events in the profile migrations');
  return match[0];
}

/** Rows/s of plain prepared inserts, 1,000 per transaction, WAL, no index beyond the rowid. */
function measureRawCeiling(events: readonly LiveEvent[], sync: Sync, dir: string): number {
  const db = new Database(path.join(dir, `raw-${sync}.db`));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
    db.exec(eventsTableDdl());
    const insert = db.prepare(
      `INSERT INTO events (stream, kind, at, source_id, user_id, user_name, user_display, count, value, text, gift_id, gift_name, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertAll = db.transaction((rows: readonly Row[]) => {
      for (const r of rows) insert.run(...r);
    });
    const batches = chunk(events.map(eventRow), ROWS_PER_TX);
    const start = performance.now();
    for (const batch of batches) insertAll(batch);
    const ms = elapsedMs(start);
    const { n } = db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
    if (n !== events.length) throw new Error(`raw ceiling stored ${n} rows, expected ${events.length}`);
    return (events.length / ms) * 1000;
  } finally {
    db.close();
  }
}

/** Events/s through `Pipeline.submit` -> `SqliteProfileStore.append`, services built as main.ts does. */
async function measurePipeline(events: readonly LiveEvent[], sync: Sync, dir: string): Promise<number> {
  const config = loadConfig(
    {
      STREAMPULSE_DATA_DIR: dir,
      STREAMPULSE_SQLITE_SYNC: sync,
      STREAMPULSE_DEMO: 'off',
      STREAMPULSE_LOG_LEVEL: 'silent',
    },
    {},
  );
  const services = createServices(config, createLogger('silent'));
  try {
    await services.profiles.create({ id: PROFILE, name: 'Bench' });
    for (const s of BENCH_STREAMS) {
      await services.profiles.createStream(PROFILE, {
        id: s.id,
        platform: 'custom',
        channel: s.id,
        enabled: true,
      });
    }
    const submissions = chunk(events, PER_SUBMISSION);
    let stored = 0;
    let duplicates = 0;
    const start = performance.now();
    await runConcurrently(submissions, IN_FLIGHT, async (submission) => {
      const outcome = await services.pipeline.submit(PROFILE, submission);
      stored += outcome.stored;
      duplicates += outcome.duplicates;
    });
    // The aggregates still held in memory are written before the clock stops.
    await (await services.engine.openProfile(PROFILE)).flush();
    const ms = elapsedMs(start);
    if (stored !== events.length || duplicates !== 0) {
      throw new Error(`pipeline stored ${stored} (${duplicates} duplicates) of ${events.length} events`);
    }
    const combined = (await services.reads.getStats(PROFILE)).combined;
    if (combined.likes === 0 || combined.comments === 0) throw new Error('pipeline run left empty stats');
    return (events.length / ms) * 1000;
  } finally {
    await services.close();
  }
}

/** Runs `measure` in a fresh temp dir and removes it after. */
async function inTempDir<T>(prefix: string, measure: (dir: string) => T | Promise<T>): Promise<T> {
  const temp = makeTempDir(prefix);
  try {
    return await measure(temp.dir);
  } finally {
    temp.remove();
  }
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Prints the raw ceiling and the pipeline figure for one sync mode, each the median of ROUNDS
 * runs taken in turn (ceiling, pipeline, ceiling, ...): disk timings here swing by 20% from one
 * run to the next, and interleaving exposes both figures to the same swings. Returns whether the
 * pipeline met its target.
 */
async function runPipelinePair(events: readonly LiveEvent[], sync: Sync): Promise<boolean> {
  const ceilings: number[] = [];
  const rates: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    progress(
      `ingest: round ${round}/${ROUNDS}, synchronous=${sync}: raw ceiling, then pipeline (${events.length} events)`,
    );
    ceilings.push(await inTempDir('streampulse-bench-raw-', (dir) => measureRawCeiling(events, sync, dir)));
    rates.push(await inTempDir('streampulse-bench-pipeline-', (dir) => measurePipeline(events, sync, dir)));
    progress(
      `ingest:   ceiling ${Math.round(ceilings.at(-1)!)} rows/s, pipeline ${Math.round(rates.at(-1)!)} events/s`,
    );
  }
  const ceiling = median(ceilings);
  printFigure({
    name: `sqlite_raw_insert_ceiling_${sync}`,
    value: ceiling,
    unit: 'rows/s',
    tags: { sync, runs: ROUNDS },
  });
  return printFigure({
    name: sync === 'full' ? 'pipeline_sqlite_events_per_s' : 'pipeline_sqlite_events_per_s_normal',
    value: median(rates),
    unit: 'events/s',
    ceiling,
    target: { op: '>=', bound: PIPELINE_TARGET_RATIO, of: 'ratio' },
    tags: { sync, runs: ROUNDS },
  });
}

const EVENTS_PER_SECOND = 2000;

/** The `ingest` group: raw ceiling and pipeline for both sync modes, then the HTTP push API. */
export async function runIngestGroup(options: GroupOptions): Promise<void> {
  progress(`ingest: generating ${Math.max(PIPELINE_EVENTS, HTTP_EVENTS)} events`);
  const count = Math.max(PIPELINE_EVENTS, HTTP_EVENTS);
  const events = generateEvents(count, {
    streams: BENCH_STREAMS,
    users: 20_000,
    // Event time up to now (the server stores nothing in the future), and near it, so the
    // server's idle-session sweeper has nothing to end mid-run.
    startAt: Date.now() - (count * 1000) / EVENTS_PER_SECOND,
    eventsPerSecond: EVENTS_PER_SECOND,
    seed: 42,
  });
  const met = await runPipelinePair(events.slice(0, PIPELINE_EVENTS), 'full');
  await runPipelinePair(events.slice(0, PIPELINE_EVENTS), 'normal');
  if (!met) printPipelineBreakdown(events.slice(0, BREAKDOWN_EVENTS), 'full', PER_SUBMISSION);
  await measureHttpIngest(events.slice(0, HTTP_EVENTS), options.runner);
}
