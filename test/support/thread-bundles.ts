import { mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SQLITE = path.join(ROOT, 'src/store/sqlite');
/** The storage threads SQLite runs (src/store/sqlite/<name>.ts). */
const THREADS = ['sqlite-log-worker', 'sqlite-aggregates-worker', 'sqlite-checkpoint-worker'];

/**
 * Each module of a bundle keeps its own `import.meta.url`, that of its source file: what a module
 * finds beside itself (migrations, the web build, package.json) is found as from the sources, and
 * the storage threads are started from the bundles (worker-client.ts sees a `.ts` module).
 */
const sourceUrls: Plugin = {
  name: 'source-urls',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: 'ts',
    }));
  },
};

/**
 * Vitest global setup: bundles, once per run and from today's sources, the SQLite storage threads
 * and the command line, and names them in STREAMPULSE_THREAD_BUNDLES (the threads' folder) and
 * STREAMPULSE_TEST_CLI (the command line's module), which every test process, and every server or
 * CLI a test starts, inherits. Loading the sources through tsx takes a thread about half a second
 * and a CLI process over a second, and the suite starts thousands of threads and hundreds of
 * processes. The folder sits under node_modules (the bundles import their packages from there),
 * one per run, and goes when the run ends.
 */
export default async function bundleThreads(): Promise<() => void> {
  const dir = path.join(ROOT, 'node_modules/.cache/streampulse-threads', String(process.pid));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: {
      ...Object.fromEntries(THREADS.map((name) => [name, path.join(SQLITE, `${name}.ts`)])),
      cli: path.join(ROOT, 'src/cli/index.ts'),
    },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    plugins: [sourceUrls],
    logLevel: 'warning',
  });
  process.env.STREAMPULSE_THREAD_BUNDLES = dir;
  process.env.STREAMPULSE_TEST_CLI = path.join(dir, 'cli.mjs');
  return () => rmSync(dir, { recursive: true, force: true });
}
