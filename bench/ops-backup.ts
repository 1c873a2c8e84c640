import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createServices, readVersion, type Services } from '../src/main.js';
import { syncPath } from '../src/store/sqlite/backup-manifest.js';
import { SqliteDataBackup } from '../src/store/sqlite/sqlite-backup.js';
import { BENCH_STREAMS, EventGenerator } from './event-generator.js';
import { printFigure, progress } from './report.js';
import type { GroupOptions } from './run.js';
import { elapsedMs, makeTempDir, runConcurrently } from './workers.js';

const PROFILE = 'bench';
const PUSH_EVENTS = 1_000_000;
const PER_SUBMISSION = 1000;
const IN_FLIGHT = 16;
/** How often the WAL sizes are sampled during the push. */
const SAMPLE_MS = 50;
/** How long the writer stays quiet before the WALs left behind are measured. */
const QUIET_MS = 3000;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MB = 1024 ** 2;

function servicesOn(dir: string): Services {
  const config = loadConfig(
    { STREAMPULSE_DATA_DIR: dir, STREAMPULSE_DEMO: 'off', STREAMPULSE_LOG_LEVEL: 'silent' },
    {},
  );
  return createServices(config, createLogger('silent'));
}

function generator(seed: number): EventGenerator {
  return new EventGenerator({
    streams: BENCH_STREAMS,
    users: 50_000,
    startAt: Date.now() - 30 * 86_400_000,
    eventsPerSecond: 2000,
    sessionEvery: 200_000,
    breakMs: 3_600_000,
    seed,
  });
}

const walBytes = (file: string) => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

/** Pushes 1M events through the pipeline into a new profile; prints the WALs' peak and what is left. */
async function pushAndWatchWal(dir: string): Promise<void> {
  const services = servicesOn(dir);
  const files = ['.db', '.aggregates.db'].map((s) => path.join(dir, 'profiles', `${PROFILE}${s}`));
  const peaks = [0, 0];
  try {
    await services.profiles.create({ id: PROFILE, name: 'Bench' });
    for (const s of BENCH_STREAMS)
      await services.profiles.createStream(PROFILE, {
        id: s.id,
        platform: 'custom',
        channel: s.id,
        enabled: true,
      });
    const gen = generator(7);
    const sampler = setInterval(
      () => files.forEach((f, i) => (peaks[i] = Math.max(peaks[i]!, walBytes(f)))),
      SAMPLE_MS,
    );
    const start = performance.now();
    const rounds = Array.from({ length: PUSH_EVENTS / PER_SUBMISSION }, (_, i) => i);
    await runConcurrently(rounds, IN_FLIGHT, async () => {
      await services.pipeline.submit(PROFILE, gen.next(PER_SUBMISSION));
    });
    await (await services.engine.openProfile(PROFILE)).flush();
    clearInterval(sampler);
    progress(`ops: pushed ${PUSH_EVENTS} events in ${(elapsedMs(start) / 1000).toFixed(1)} s`);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    const left = files.map(walBytes);
    files.forEach((f, i) => {
      const role = i === 0 ? 'log' : 'aggregates';
      printFigure({
        name: `wal_peak_mb_${role}_1m_push`,
        value: peaks[i]! / MB,
        unit: 'MB',
        tags: { db_mb: Math.round(statSync(f).size / MB) },
      });
      printFigure({
        name: `wal_left_mb_${role}_after_push`,
        value: left[i]! / MB,
        unit: 'MB',
        tags: { quiet_ms: QUIET_MS },
      });
    });
  } finally {
    await services.close();
  }
}

/** The ceiling: a plain copy of the same files, synced, in MB/s. */
function rawCopyMbPerS(dir: string, out: string): { mbPerS: number; bytes: number } {
  mkdirSync(path.join(out, 'profiles'), { recursive: true });
  const names = [
    'system.db',
    ...readdirSync(path.join(dir, 'profiles'))
      .filter((f) => f.endsWith('.db'))
      .map((f) => `profiles/${f}`),
  ];
  const start = performance.now();
  let bytes = 0;
  for (const name of names) {
    copyFileSync(path.join(dir, name), path.join(out, name));
    syncPath(path.join(out, name));
    bytes += statSync(path.join(out, name)).size;
  }
  return { mbPerS: bytes / MB / (elapsedMs(start) / 1000), bytes };
}

/** Runs `streampulse backup` from the sources; resolves with its own MB and seconds (startup left out). */
function cliBackup(dir: string, to: string): Promise<{ mb: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/index.ts', 'backup', '--to', to, '--data-dir', dir],
      {
        cwd: ROOT,
        env: { ...process.env, STREAMPULSE_LOG_LEVEL: 'error' },
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    child.on('close', (code) => {
      const m = /, ([\d.]+) MB in ([\d.]+) s/.exec(out);
      if (code !== 0 || !m) reject(new Error(`backup failed (${code}): ${out}`));
      else resolve({ mb: Number(m[1]), seconds: Number(m[2]) });
    });
  });
}

/**
 * The `ops` group's backup figures: the WALs during and after a 1M-event push, then backups of
 * that profile idle (in this process) and while ingest runs (the CLI in a process of its own, as
 * beside a server), each against a plain copy of the same files measured in the same run.
 */
export async function runBackupBench(_options: GroupOptions): Promise<void> {
  const temp = makeTempDir('streampulse-bench-ops-');
  try {
    const dir = path.join(temp.dir, 'data');
    await pushAndWatchWal(dir);
    const ceiling = rawCopyMbPerS(dir, path.join(temp.dir, 'raw'));
    progress(`ops: raw copy ${(ceiling.bytes / MB).toFixed(0)} MB at ${ceiling.mbPerS.toFixed(0)} MB/s`);

    const start = performance.now();
    const { manifest } = await new SqliteDataBackup(dir).backup(path.join(temp.dir, 'idle'), readVersion());
    const idleMb = manifest.files.reduce((sum, f) => sum + f.bytes, 0) / MB;
    printFigure({
      name: 'backup_sqlite_mb_per_s',
      value: idleMb / (elapsedMs(start) / 1000),
      unit: 'MB/s',
      ceiling: ceiling.mbPerS,
      tags: { mb: Math.round(idleMb), events: PUSH_EVENTS },
    });

    const services = servicesOn(dir);
    try {
      const gen = generator(8);
      let ingested = 0;
      let running = true;
      const ingest = runConcurrently(
        Array.from({ length: 4 }, (_, i) => i),
        4,
        async () => {
          while (running) {
            await services.pipeline.submit(PROFILE, gen.next(PER_SUBMISSION));
            ingested += PER_SUBMISSION;
          }
        },
      );
      // Ingest is under way before the backup begins.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const before = ingested;
      const began = performance.now();
      const busy = await cliBackup(dir, path.join(temp.dir, 'busy'));
      const during = ingested - before;
      const rate = during / (elapsedMs(began) / 1000);
      running = false;
      await ingest;
      printFigure({
        name: 'backup_sqlite_mb_per_s_under_ingest',
        value: busy.mb / busy.seconds,
        unit: 'MB/s',
        ceiling: ceiling.mbPerS,
        tags: { mb: Math.round(busy.mb), ingest_events_per_s: Math.round(rate) },
      });
    } finally {
      await services.close();
    }
  } finally {
    temp.remove();
  }
}
