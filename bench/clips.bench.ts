import { cpSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CLIPS_PROFILE, ensureClipsDataset } from './clips-dataset.js';
import { measureClipPush } from './clips-push.js';
import { measureHelixSync } from './helix-sync.js';
import { printFigure, progress, quantile, timeSamples } from './report.js';
import type { GroupOptions } from './run.js';
import { adminHeaders, httpGet, spawnServer, type ServerProcess } from './server-process.js';
import { makeTempDir } from './workers.js';

const DEFAULT_CLIPS = 1_000_000;
const REACTIONS_PER_CLIP = 5;
const WARMUPS = 10;
const SAMPLES = 40;
const TARGET_MS = 20;
const DAY_MS = 86_400_000;
const CEILING = 'clips_read_ceiling_ms';

function clipsFromEnv(): number {
  const raw = process.env.BENCH_CLIPS;
  if (raw === undefined || raw === '') return DEFAULT_CLIPS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10_000)
    throw new Error(`BENCH_CLIPS must be a whole number >= 10000, not ${raw}`);
  return n;
}

async function get(server: ServerProcess, url: string): Promise<string> {
  const answer = await httpGet(`${server.url}${url}`, adminHeaders(server));
  if (answer.status !== 200) throw new Error(`GET ${url}: ${answer.status} ${answer.body.slice(0, 300)}`);
  return answer.body;
}

const timeAll = (run: () => unknown) => timeSamples(run, { warmups: WARMUPS, samples: SAMPLES });

/** Every endpoint of the clip seed, at its own path, for each period it takes. */
function planReads(): { name: string; path: string }[] {
  const base = (endpoint: string, query: string) =>
    `/analytics/api/${endpoint}?profile=${CLIPS_PROFILE}&${query}`;
  const reads: { name: string; path: string }[] = [];
  for (const period of ['day', 'week', 'month', 'all_time']) {
    reads.push(
      { name: `clips_overview_${period}`, path: base('overview', `period=${period}`) },
      { name: `clips_top_creators_${period}`, path: base('top-creators', `period=${period}&limit=10`) },
      { name: `clips_top_games_${period}`, path: base('top-games', `period=${period}&limit=10`) },
      {
        name: `clips_viral_clips_${period}`,
        path: base('viral-clips', `period=${period}&limit=20&min_views=100`),
      },
    );
  }
  reads.push(
    { name: 'clips_engagement_timeline_day_30', path: base('engagement-timeline', 'period=day&days=30') },
    { name: 'clips_engagement_timeline_week_180', path: base('engagement-timeline', 'period=week&days=180') },
    {
      name: 'clips_engagement_timeline_month_730',
      path: base('engagement-timeline', 'period=month&days=730'),
    },
    { name: 'clips_peak_times', path: base('peak-times', '') },
  );
  return reads;
}

/**
 * The best a clip analytics read can do on this machine: the all-time top creators, already
 * computed, read back from a table in a scratch SQLite file and serialised.
 */
async function measureCeiling(server: ServerProcess, dir: string): Promise<number[]> {
  const answer = JSON.parse(
    await get(server, `/analytics/api/top-creators?profile=${CLIPS_PROFILE}&limit=10`),
  ) as {
    creators: unknown[];
  };
  const db = new Database(path.join(dir, 'ceiling.sqlite'));
  try {
    db.exec('CREATE TABLE creators (rank INTEGER PRIMARY KEY, entry TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO creators (rank, entry) VALUES (?, ?)');
    answer.creators.forEach((row, i) => insert.run(i + 1, JSON.stringify(row)));
    const select = db.prepare<[], { entry: string }>('SELECT entry FROM creators ORDER BY rank LIMIT 10');
    return await timeAll(() =>
      JSON.stringify({ creators: select.all().map((r) => JSON.parse(r.entry) as unknown) }),
    );
  } finally {
    db.close();
  }
}

/**
 * The `clips` group: p50 and p95 of every clip analytics endpoint over a profile of 1,000,000
 * clips and 5,000,000 Discord reactions, the push API's rate, and a Helix sync of 10,000 clips.
 */
export async function runClipsGroup(options: GroupOptions): Promise<void> {
  const clips = clipsFromEnv();
  const dataset = await ensureClipsDataset(clips, clips * REACTIONS_PER_CLIP);
  const temp = makeTempDir('streampulse-bench-clips-');
  let server: ServerProcess | null = null;
  try {
    progress('clips: copying the data set to a temp dir');
    const dataDir = path.join(temp.dir, 'data');
    cpSync(dataset.dir, dataDir, { recursive: true });
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
    const tags = {
      engine: 'sqlite',
      runner: server.runner,
      clips: dataset.clips,
      reactions: dataset.reactions,
      samples: SAMPLES,
      dataset_age_days: Math.floor((Date.now() - dataset.anchor) / DAY_MS),
    };
    const ceiling = await measureCeiling(server, temp.dir);
    const ceilingP95 = quantile(ceiling, 0.95);
    printFigure({ name: `${CEILING}_p50`, value: quantile(ceiling, 0.5), unit: 'ms', tags });
    printFigure({ name: `${CEILING}_p95`, value: ceilingP95, unit: 'ms', tags });
    for (const read of planReads()) {
      const samples = await timeAll(() => get(server!, read.path));
      progress(`clips: ${read.name} ${read.path}`);
      printFigure({ name: `${read.name}_p50_ms`, value: quantile(samples, 0.5), unit: 'ms', tags });
      printFigure({
        name: `${read.name}_p95_ms`,
        value: quantile(samples, 0.95),
        unit: 'ms',
        ceiling: ceilingP95,
        target: { op: '<=', bound: TARGET_MS, of: 'value' },
        tags: { ...tags, ceiling_of: `${CEILING}_p95` },
      });
    }
    await measureClipPush(server, temp.dir, tags);
  } finally {
    await server?.stop();
    temp.remove();
  }
  await measureHelixSync();
}
