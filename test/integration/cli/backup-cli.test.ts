import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, openSync, readdirSync, readFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { LiveEvent } from '../../../src/core/live-event.js';
import { claimDataDir } from '../../../src/data-dir-owner.js';
import { createLogger } from '../../../src/logger.js';
import { createServices, type Services } from '../../../src/main.js';
import type { BackupManifest } from '../../../src/store/data-backup.port.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { cliArgs } from '../../support/cli-entry.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const env = { ...process.env, STREAMPULSE_LOG_LEVEL: 'error' };
const T = Date.UTC(2026, 0, 10, 18, 0, 0);
const PROFILES = ['alpha', 'beta'] as const;
const BATCH = 400;

const temp = makeTempDir();
afterAll(() => temp.remove());
const live = path.join(temp.dir, 'live');
const backups = path.join(temp.dir, 'backups');

type Run = { code: number | null; out: string; err: string };

/** Runs the real CLI from the sources, without blocking this process's event loop (it ingests meanwhile). */
function cliAsync(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(...args), {
      cwd: ROOT,
      env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

function cli(...args: string[]): Run {
  const r = spawnSync(process.execPath, cliArgs(...args), {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function servicesOn(dataDir: string): Services {
  const config = loadConfig(
    { STREAMPULSE_DATA_DIR: dataDir, STREAMPULSE_DEMO: 'off', STREAMPULSE_BATCH_DELAY_MS: '2' },
    {},
  );
  return createServices(config, createLogger('silent'));
}

/** Batch `n` of a profile: likes, chats and gifts of a few hundred viewers, each with its own id. */
function batch(profile: string, n: number): LiveEvent[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const k = n * BATCH + i;
    const user = { id: `u${k % 300}`, name: `viewer ${k % 300}` };
    const at = T + k * 50;
    const id = `${profile}-${k}`;
    if (k % 7 === 0) return { stream: 's1', kind: 'gift', at, id, user, count: 2, value: 10 };
    if (k % 3 === 0) return { stream: 's1', kind: 'chat', at, id, user, count: 1, value: 0, text: `hi ${k}` };
    return {
      stream: k % 2 ? 's1' : 's2',
      kind: 'like',
      at,
      id,
      user,
      count: 1 + (k % 5),
      value: 0,
    };
  });
}

/** The source ids of every event in a profile's log. */
async function storedIds(services: Services, profile: string): Promise<Set<string>> {
  const store = await services.engine.openProfile(profile);
  const ids = new Set<string>();
  for (let after = 0; ;) {
    const page = await store.listEvents(after, 5000);
    if (page.length === 0) return ids;
    for (const e of page) if (e.id) ids.add(e.id);
    after = page.at(-1)!.seq;
  }
}

let backupDir = '';
let manifest: BackupManifest;
/** Source ids acknowledged (committed) before the backup began, per profile. */
const ackedBefore = new Map<string, string[]>(PROFILES.map((p) => [p, []]));
let ackedDuring = 0;

beforeAll(async () => {
  const services = servicesOn(live);
  for (const id of PROFILES) {
    await services.profiles.create({ id, name: id });
    for (const s of ['s1', 's2'])
      await services.profiles.createStream(id, { id: s, platform: 'custom', channel: s, enabled: true });
  }
  // Enough history that copying it takes a while, then ingest that goes on through the backup.
  let n = 0;
  for (; n < 60; n += 1) {
    for (const p of PROFILES) {
      const events = batch(p, n);
      await services.pipeline.submit(p, events);
      ackedBefore.get(p)!.push(...events.map((e) => e.id!));
    }
  }
  let backupStarted = Number.POSITIVE_INFINITY;
  let backupDone = false;
  const ingest = (async () => {
    for (; !backupDone; n += 1) {
      for (const p of PROFILES) {
        const events = batch(p, n);
        await services.pipeline.submit(p, events);
        // The backup point: a batch acknowledged before the backup command started is in the backup.
        if (performance.now() < backupStarted) ackedBefore.get(p)!.push(...events.map((e) => e.id!));
        else ackedDuring += 1;
      }
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 300));
  backupStarted = performance.now();
  const run = await cliAsync('backup', '--to', backups, '--data-dir', live);
  backupDone = true;
  await ingest;
  await services.close();
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  backupDir = /backup written to (\S+):/.exec(run.out)![1]!;
  manifest = JSON.parse(readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
}, 120_000);

describe('streampulse backup and restore', () => {
  test('a backup taken while both profiles ingest is restored whole into a fresh directory', async () => {
    // Ingest went on while the backup ran.
    expect(ackedDuring).toBeGreaterThan(0);
    expect(manifest.profiles.map((p) => p.id)).toEqual([...PROFILES]);
    expect(manifest.files.map((f) => f.name)).toEqual([
      'system.db',
      'profiles/alpha.aggregates.db',
      'profiles/alpha.db',
      'profiles/beta.aggregates.db',
      'profiles/beta.db',
    ]);
    const fresh = path.join(temp.dir, 'restored');
    const restored = cli('restore', '--from', backupDir, '--data-dir', fresh);
    expect(restored.err).toBe('');
    expect(restored.out).toContain(`restored 2 profile(s) from ${backupDir}`);

    const services = servicesOn(fresh);
    try {
      for (const p of manifest.profiles) {
        const ids = await storedIds(services, p.id);
        const missing = ackedBefore.get(p.id)!.filter((id) => !ids.has(id));
        expect(missing).toEqual([]);
        expect(ids.size).toBeGreaterThan(0);
        expect(p.aggregatesSeq).toBeLessThanOrEqual(p.lastSeq);
        // The restored log is the one the manifest describes: its backup point.
        const store = await services.engine.openProfile(p.id);
        expect((await store.listEvents(p.lastSeq, 1)).length).toBe(0);
        expect((await store.listEvents(p.lastSeq - 1, 1))[0]?.seq).toBe(p.lastSeq);
        // Aggregates folded forward from the copied watermark equal a replay of the whole log.
        const folded = await store.dumpAggregates();
        await store.rebuild();
        expect(await store.dumpAggregates()).toEqual(folded);
      }
    } finally {
      await services.close();
    }
  });

  test('restore refuses a backup with a changed file, naming it, and changes nothing', () => {
    const tampered = path.join(temp.dir, 'tampered');
    cpSync(backupDir, tampered, { recursive: true });
    const file = path.join(tampered, 'profiles', 'beta.db');
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('x'), 0, 1, 8192);
    closeSync(fd);
    const target = path.join(temp.dir, 'untouched');
    const run = cli('restore', '--from', tampered, '--data-dir', target);
    expect(run.code).toBe(1);
    expect(run.err).toContain('error BACKUP_INVALID');
    expect(run.err).toContain('profiles/beta.db: differs from the manifest (SHA-256)');
    expect(run.err).not.toContain('alpha');
    expect(existsSync(path.join(target, 'system.db'))).toBe(false);
  });

  test('restore refuses a data directory that holds data, and with --force moves that data aside', () => {
    const target = path.join(temp.dir, 'occupied');
    cpSync(backupDir, target, { recursive: true });
    const refused = cli('restore', '--from', backupDir, '--data-dir', target);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('error DATA_DIR_NOT_EMPTY');
    expect(refused.err).toContain('profiles, system.db');

    const forced = cli('restore', '--from', backupDir, '--data-dir', target, '--force');
    expect(forced.err).toBe('');
    const aside = /moved to (\S+)\n/.exec(forced.out)![1]!;
    expect(path.dirname(aside)).toBe(target);
    expect(readdirSync(aside).sort()).toEqual(['profiles', 'system.db']);
    expect(readdirSync(path.join(aside, 'profiles')).sort()).toEqual(
      manifest.files
        .filter((f) => f.name.startsWith('profiles/'))
        .map((f) => path.basename(f.name))
        .sort(),
    );
  });

  test('restore refuses while a server uses the data directory', () => {
    const target = path.join(temp.dir, 'served');
    const claim = claimDataDir(target, 'test', createLogger('silent'));
    try {
      const run = cli('restore', '--from', backupDir, '--data-dir', target);
      expect(run.code).toBe(1);
      expect(run.err).toContain('DATA_DIR_IN_USE');
      expect(run.err).toContain('streampulse restore');
      expect(existsSync(path.join(target, 'system.db'))).toBe(false);
    } finally {
      claim.release();
    }
  });

  test('a folder without a manifest is not a backup', () => {
    const run = cli('restore', '--from', path.join(temp.dir, 'live'), '--data-dir', path.join(temp.dir, 'x'));
    expect(run.code).toBe(1);
    expect(run.err).toContain('manifest.json: is missing');
  });

  test('on PostgreSQL, backup points at pg_dump and pg_restore', () => {
    const run = cli('backup', '--to', backups, '--database-url', 'postgres://127.0.0.1:5432/test');
    expect(run.code).toBe(1);
    expect(run.err).toContain('error BACKUP_NOT_SUPPORTED');
    expect(run.err).toContain('pg_dump');
    expect(run.err).toContain('pg_restore');
  });
});
