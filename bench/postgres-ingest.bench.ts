import pg from 'pg';
import { loadConfig } from '../src/config.js';
import type { LiveEvent, StoredEvent } from '../src/core/live-event.js';
import { Pipeline } from '../src/ingest/pipeline.js';
import { createLogger } from '../src/logger.js';
import { PostgresEngine } from '../src/store/postgres/postgres-engine.js';
import { copyEvents } from '../src/store/postgres/postgres-event-log.js';
import { listMigrations } from '../src/store/postgres/postgres-migrations.js';
import { BENCH_STREAMS, chunk, generateEvents } from './event-generator.js';
import { createRunDatabase } from './postgres-server.js';
import { median, printFigure, progress } from './report.js';
import { elapsedMs, runConcurrently } from './workers.js';

/**
 * The `postgres` group: events/s through `Pipeline.submit` -> `PostgresProfileStore.append`, and
 * in the same run two ceilings: COPY of the same rows into an unindexed table (the engine's raw
 * speed), and into a table with the log's primary key and dedupe index (what any write of the log
 * pays). Runs against `STREAMPULSE_BENCH_DATABASE_URL` (default: a local server with trust
 * authentication), in a database created for the run and dropped after.
 */

const EVENTS = 200_000;
const PER_SUBMISSION = 1000;
const IN_FLIGHT = 16;
/** Rows per COPY (and transaction) of the ceiling: the pipeline's default batch size. */
const ROWS_PER_COPY = 10_000;
const TARGET_RATIO = 0.3;
const ROUNDS = 3;
const PROFILE = 'bench';
/** Profiles written at once for the second pipeline figure: what one instance takes in all. */
const PROFILES_AT_ONCE = 4;

/** Runs `measure` against a fresh database, dropped after. */
async function inFreshDatabase<T>(measure: (url: string) => Promise<T>): Promise<T> {
  const database = await createRunDatabase('sp_bench_');
  try {
    return await measure(database.url);
  } finally {
    await database.drop();
  }
}

/** The `events` table of the profile migrations, up to its closing parenthesis. */
const LOG_TABLE = /CREATE TABLE events \([\s\S]*?\n\);/;
/** The log's dedupe index on source ids; a later migration may redefine it, so the last one counts. */
const DEDUPE_INDEX = /CREATE UNIQUE INDEX events_source ON events [^;]*;/g;

/**
 * A copy of the profile schema's `events` table named `table`, as the profile migrations define
 * it: bare (no primary key, no index), or with its primary key and its dedupe index on source ids.
 */
function ceilingTableDdl(table: string, indexed: boolean): string[] {
  const sql = listMigrations('profile')
    .map((m) => m.sql)
    .join('\n');
  const create = LOG_TABLE.exec(sql)?.[0].replace('CREATE TABLE events', `CREATE TABLE ${table}`);
  if (!create) throw new Error('no CREATE TABLE events in the profile migrations');
  if (!indexed) return [create.replace(' PRIMARY KEY', '')];
  const dedupe = [...sql.matchAll(DEDUPE_INDEX)].at(-1)?.[0];
  if (!dedupe) throw new Error('no events_source index in the profile migrations');
  return [create, dedupe.replace('events_source ON events', `${table}_source ON ${table}`)];
}

/**
 * Rows/s of COPY of the same rows (with their seqs), ROWS_PER_COPY per COPY, into a copy of the
 * log's table: unindexed, or with the log's primary key and dedupe index (see ceilingTableDdl).
 */
async function measureCeiling(events: readonly LiveEvent[], url: string, indexed: boolean): Promise<number> {
  const table = indexed ? 'indexed_events' : 'raw_events';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const ddl of ceilingTableDdl(table, indexed)) await client.query(ddl);
    const rows: StoredEvent[] = events.map((e, i) => ({ ...e, seq: i + 1 }));
    const start = performance.now();
    for (const batch of chunk(rows, ROWS_PER_COPY)) await copyEvents(client, table, batch);
    const ms = elapsedMs(start);
    const { rows: counted } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    if (Number(counted[0]!.n) !== events.length) throw new Error(`ceiling stored ${counted[0]!.n} rows`);
    return (events.length / ms) * 1000;
  } finally {
    await client.end();
  }
}

/**
 * Events/s through the pipeline into a PostgresEngine, with the default batching settings. With
 * several profiles, the events are shared out between them in equal runs, each profile fed by
 * IN_FLIGHT submitters of its own, all at once.
 */
async function measurePipeline(events: readonly LiveEvent[], url: string, profiles = 1): Promise<number> {
  const config = loadConfig({ STREAMPULSE_DEMO: 'off', STREAMPULSE_LOG_LEVEL: 'silent' }, {});
  const engine = await PostgresEngine.open({ url, poolSize: 10, sessionGapMs: config.sessionGraceMs });
  const pipeline = new Pipeline((p) => engine.openProfile(p), config.pipeline, createLogger('silent'));
  try {
    const ids = Array.from({ length: profiles }, (_, i) =>
      profiles === 1 ? PROFILE : `${PROFILE}-${i + 1}`,
    );
    for (const id of ids) await engine.system.createProfile({ id, name: id });
    const share = Math.ceil(events.length / profiles);
    let stored = 0;
    const start = performance.now();
    await Promise.all(
      ids.map((id, i) =>
        runConcurrently(
          chunk(events.slice(i * share, (i + 1) * share), PER_SUBMISSION),
          IN_FLIGHT,
          async (submission) => {
            const outcome = await pipeline.submit(id, submission);
            stored += outcome.stored;
          },
        ),
      ),
    );
    const ms = elapsedMs(start);
    if (stored !== events.length) throw new Error(`pipeline stored ${stored} of ${events.length} events`);
    for (const id of ids) {
      const { combined } = await (await engine.openProfile(id)).getStats();
      if (combined.likes === 0 || combined.comments === 0) throw new Error('pipeline run left empty stats');
    }
    return (events.length / ms) * 1000;
  } finally {
    await pipeline.close();
    await engine.close();
  }
}

/** Ceiling and pipeline in turn, ROUNDS times each (medians reported): both see the same swings. */
export async function runPostgresIngestGroup(): Promise<void> {
  progress(`postgres: generating ${EVENTS} events`);
  const events = generateEvents(EVENTS, {
    streams: BENCH_STREAMS,
    users: 20_000,
    // Up to now: the pipeline stores an event stamped ahead of its arrival at its arrival time.
    startAt: Date.now() - (EVENTS * 1000) / 2000,
    eventsPerSecond: 2000,
    seed: 42,
  });
  const ceilings: number[] = [];
  const indexedCeilings: number[] = [];
  const rates: number[] = [];
  const shared: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    progress(
      `postgres: round ${round}/${ROUNDS}: raw and indexed COPY ceilings, then pipeline (${EVENTS} events)`,
    );
    ceilings.push(await inFreshDatabase((url) => measureCeiling(events, url, false)));
    indexedCeilings.push(await inFreshDatabase((url) => measureCeiling(events, url, true)));
    rates.push(await inFreshDatabase((url) => measurePipeline(events, url)));
    shared.push(await inFreshDatabase((url) => measurePipeline(events, url, PROFILES_AT_ONCE)));
    progress(
      `postgres:   ceilings ${Math.round(ceilings.at(-1)!)} rows/s raw, ${Math.round(indexedCeilings.at(-1)!)} indexed, ` +
        `pipeline ${Math.round(rates.at(-1)!)} events/s, ${PROFILES_AT_ONCE} profiles ${Math.round(shared.at(-1)!)} events/s`,
    );
  }
  const ceiling = median(ceilings);
  const indexedCeiling = median(indexedCeilings);
  const rate = median(rates);
  printFigure({ name: 'postgres_raw_copy_ceiling', value: ceiling, unit: 'rows/s', tags: { runs: ROUNDS } });
  printFigure({
    name: 'postgres_indexed_copy_ceiling',
    value: indexedCeiling,
    unit: 'rows/s',
    tags: { runs: ROUNDS },
  });
  printFigure({
    name: 'pipeline_postgres_events_per_s',
    value: rate,
    unit: 'events/s',
    ceiling,
    target: { op: '>=', bound: TARGET_RATIO, of: 'ratio' },
    tags: { runs: ROUNDS, events: EVENTS, ceiling_of: 'postgres_raw_copy_ceiling' },
  });
  printFigure({
    name: 'pipeline_postgres_events_per_s_vs_indexed_copy',
    value: rate,
    unit: 'events/s',
    ceiling: indexedCeiling,
    tags: { runs: ROUNDS, events: EVENTS, ceiling_of: 'postgres_indexed_copy_ceiling' },
  });
  printFigure({
    name: `pipeline_postgres_${PROFILES_AT_ONCE}_profiles_events_per_s`,
    value: median(shared),
    unit: 'events/s',
    tags: { runs: ROUNDS, events: EVENTS, profiles: PROFILES_AT_ONCE },
  });
}
