import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/main.js';
import { listMigrations } from '../src/store/sqlite/sqlite-database.js';
import { BENCH_STREAMS, EventGenerator, GENERATOR_VERSION } from './event-generator.js';
import { progress } from './report.js';

export const STARTUP_PROFILE = 'bench';
export const STARTUP_EVENTS = 5_000_000;

const CACHE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.cache');
const APPEND_BATCH = 25_000;
const COMPLETE_MARKER = 'complete';

/**
 * The cache key: the generator's version, the event count and every migration's text, so a
 * schema change or a different data set builds a fresh copy instead of reusing a stale one.
 */
function datasetKey(): string {
  const hash = createHash('sha256');
  hash.update(`${GENERATOR_VERSION}\n${STARTUP_EVENTS}\n`);
  for (const set of ['system', 'profile', 'aggregates'] as const) {
    for (const m of listMigrations(set)) hash.update(`${set}/${m.name}\n${m.sql}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Writes the data set through the real services and `SqliteProfileStore.append`, sync `normal`. */
async function buildDataset(dataDir: string): Promise<void> {
  const config = loadConfig({ STREAMPULSE_DATA_DIR: dataDir, STREAMPULSE_SQLITE_SYNC: 'normal' }, {});
  const services = createServices(config, createLogger('silent'));
  try {
    await services.profiles.create({ id: STARTUP_PROFILE, name: 'Startup bench' });
    for (const s of BENCH_STREAMS) {
      await services.profiles.createStream(STARTUP_PROFILE, {
        id: s.id,
        platform: 'custom',
        channel: s.id,
        enabled: true,
      });
    }
    const store = await services.engine.openProfile(STARTUP_PROFILE);
    const generator = new EventGenerator({
      streams: BENCH_STREAMS,
      users: 20_000,
      startAt: Date.UTC(2025, 5, 1, 18, 0, 0),
      eventsPerSecond: 2000,
      // 20 broadcasts per stream, an hour apart: closed sessions, rollups and session viewers to match.
      sessionEvery: 250_000,
      breakMs: 3_600_000,
      seed: 7,
    });
    const start = performance.now();
    for (let done = 0; done < STARTUP_EVENTS;) {
      const n = Math.min(APPEND_BATCH, STARTUP_EVENTS - done);
      const result = await store.append(generator.next(n));
      if (result.duplicates !== 0)
        throw new Error(`unexpected duplicates while building: ${result.duplicates}`);
      done += n;
      if (done % 500_000 === 0 || done === STARTUP_EVENTS) {
        const rate = Math.round(done / ((performance.now() - start) / 1000));
        progress(
          `startup: data set ${done.toLocaleString('en')} / ${STARTUP_EVENTS.toLocaleString('en')} events (${rate}/s)`,
        );
      }
    }
  } finally {
    await services.close();
  }
}

/**
 * The data directory of a profile holding `STARTUP_EVENTS` events, from `bench/.cache/` when a
 * build of the same key is there; otherwise built (a few minutes) and cached. Callers must not
 * serve it directly (the server may write): copy it first.
 */
export async function ensureStartupDataset(): Promise<string> {
  const key = datasetKey();
  const dir = path.join(CACHE_DIR, `startup-${key}`);
  if (existsSync(path.join(dir, COMPLETE_MARKER))) {
    progress(`startup: reusing the cached data set ${path.relative(process.cwd(), dir)}`);
    return dir;
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  // Only one data set is kept: earlier versions and interrupted builds go.
  for (const entry of readdirSync(CACHE_DIR)) {
    if (entry.startsWith('startup-') || entry.startsWith('building-'))
      rmSync(path.join(CACHE_DIR, entry), { recursive: true, force: true });
  }
  const building = path.join(CACHE_DIR, `building-${process.pid}`);
  progress(
    `startup: building a ${STARTUP_EVENTS.toLocaleString('en')}-event data set (cached for later runs)`,
  );
  await buildDataset(building);
  writeFileSync(path.join(building, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  renameSync(building, dir);
  return dir;
}
