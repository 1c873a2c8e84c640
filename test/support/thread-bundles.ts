import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SQLITE = path.join(ROOT, 'src/store/sqlite');
/** The storage threads SQLite runs (src/store/sqlite/<name>.ts). */
const THREADS = ['sqlite-log-worker', 'sqlite-aggregates-worker', 'sqlite-checkpoint-worker'];

/**
 * Vitest global setup: bundles the SQLite storage threads from today's sources, once per run, and
 * names the folder in STREAMPULSE_THREAD_BUNDLES, which every test process and every server or CLI
 * a test starts inherits. A thread loading the sources through tsx takes about half a second to
 * start, and the suite starts thousands. The folder sits under node_modules (the bundles import
 * better-sqlite3 and zod from there), one per run, and goes when the run ends.
 */
export default async function bundleThreads(): Promise<() => void> {
  const dir = path.join(ROOT, 'node_modules/.cache/streampulse-threads', String(process.pid));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(THREADS.map((name) => [name, path.join(SQLITE, `${name}.ts`)])),
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  // The threads find their migrations beside their module.
  cpSync(path.join(SQLITE, 'migrations'), path.join(dir, 'migrations'), { recursive: true });
  process.env.STREAMPULSE_THREAD_BUNDLES = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
