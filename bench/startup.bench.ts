import { cpSync } from 'node:fs';
import { median, printFigure, progress } from './report.js';
import type { GroupOptions } from './run.js';
import { adminHeaders, httpGet, spawnServer, type Runner, type ServerProcess } from './server-process.js';
import { ensureStartupDataset, STARTUP_EVENTS, STARTUP_PROFILE } from './startup-dataset.js';
import { makeTempDir } from './workers.js';

const RUNS = 3;
const TARGET_MS = 2000;
const POLL_EVERY_MS = 2;
const POLL_TIMEOUT_MS = 60_000;

interface StartupRun {
  readyMs: number;
  statsMs: number;
  /** What the child spent making its admin before it announced itself, taken off both figures. */
  adminMs: number;
}

interface StatsBody {
  combined: { likes: number; comments: number };
  streams: Record<string, unknown>;
}

/** Polls `url` until it answers 200; returns the body and the `performance.now()` of that answer. */
async function pollUntilOk(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ body: string; at: number }> {
  const deadline = performance.now() + POLL_TIMEOUT_MS;
  let last = '';
  while (performance.now() < deadline) {
    try {
      const answer = await httpGet(url, headers);
      if (answer.status === 200) return { body: answer.body, at: performance.now() };
      last = `${answer.status} ${answer.body.slice(0, 200)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
  throw new Error(`${url} did not answer 200 within ${POLL_TIMEOUT_MS} ms (last: ${last})`);
}

/** Checks, outside the timings, that the served profile really holds the whole data set. */
async function checkDataset(server: ServerProcess, stats: StatsBody): Promise<void> {
  if (stats.combined.likes === 0 || stats.combined.comments === 0)
    throw new Error('the stats of the data set are empty');
  const tail = await httpGet(
    `${server.url}/api/profiles/${STARTUP_PROFILE}/events?after=${STARTUP_EVENTS - 1}&limit=10`,
    adminHeaders(server),
  );
  const seqs = (JSON.parse(tail.body) as { events: { seq: number }[] }).events.map((e) => e.seq);
  if (tail.status !== 200 || seqs.length !== 1 || seqs[0] !== STARTUP_EVENTS) {
    throw new Error(
      `the data set should end at seq ${STARTUP_EVENTS}; found ${JSON.stringify(seqs)} (${tail.status})`,
    );
  }
}

async function measureStartup(
  dataDir: string,
  verify: boolean,
  prefer?: Runner,
): Promise<{ run: StartupRun; runner: Runner }> {
  let server: ServerProcess | null = null;
  try {
    server = await spawnServer(
      {
        STREAMPULSE_DATA_DIR: dataDir,
        STREAMPULSE_HOST: '127.0.0.1',
        STREAMPULSE_PORT: '0',
        STREAMPULSE_DEMO: 'off',
        STREAMPULSE_LOG_LEVEL: 'warn',
      },
      prefer,
    );
    const ready = await pollUntilOk(`${server.url}/ready`);
    const stats = await pollUntilOk(
      `${server.url}/api/profiles/${STARTUP_PROFILE}/stats`,
      adminHeaders(server),
    );
    // The child listened, then made and logged in its admin (password hashing, a bench step that
    // no real start has), then announced itself: the polls began that much later.
    const { adminMs } = server.announced;
    if (typeof adminMs !== 'number') throw new Error('the bench server announced no adminMs');
    const run = {
      readyMs: ready.at - server.spawnedAt - adminMs,
      statsMs: stats.at - server.spawnedAt - adminMs,
      adminMs,
    };
    if (verify) await checkDataset(server, JSON.parse(stats.body) as StatsBody);
    return { run, runner: server.runner };
  } finally {
    await server?.stop();
  }
}

/** The `startup` group: spawn to first 200 of /ready and of the stats of a 5M-event profile. */
export async function runStartupGroup(options: GroupOptions): Promise<void> {
  const cached = await ensureStartupDataset();
  const temp = makeTempDir('streampulse-bench-startup-');
  try {
    // A copy per bench run: the cached data set stays exactly as built whatever the server does.
    progress('startup: copying the data set to a temp dir');
    cpSync(cached, temp.dir, { recursive: true });
    const runs: StartupRun[] = [];
    let runner = '';
    for (let i = 0; i < RUNS; i += 1) {
      const result = await measureStartup(temp.dir, i === 0, options.runner);
      runs.push(result.run);
      runner = result.runner;
      progress(
        `startup: run ${i + 1}/${RUNS} (${runner}): ready ${result.run.readyMs.toFixed(0)} ms, ` +
          `first stats ${result.run.statsMs.toFixed(0)} ms (less ${result.run.adminMs.toFixed(0)} ms making the bench admin)`,
      );
    }
    const target = { op: '<=', bound: TARGET_MS, of: 'value' } as const;
    const tags = {
      runner,
      events: STARTUP_EVENTS,
      runs: RUNS,
      bench_admin_ms_excluded: Math.round(median(runs.map((r) => r.adminMs))),
    };
    printFigure({
      name: 'startup_to_ready_ms',
      value: median(runs.map((r) => r.readyMs)),
      unit: 'ms',
      target,
      tags,
    });
    printFigure({
      name: 'startup_to_first_stats_ms',
      value: median(runs.map((r) => r.statsMs)),
      unit: 'ms',
      target,
      tags,
    });
  } finally {
    temp.remove();
  }
}
