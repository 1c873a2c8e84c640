import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../../../web', import.meta.url));
export const WEB_ROOT = join(WEB_DIR, 'dist');
const LOCK = join(WEB_DIR, '.build-lock');
const SOURCES = ['src', 'index.html', 'overlay.html', 'vite.config.ts'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** True when web/dist is missing or older than any web source. */
export function isWebStale(): boolean {
  const built = join(WEB_ROOT, 'index.html');
  if (!existsSync(built) || !existsSync(join(WEB_ROOT, 'overlay.html'))) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((s) => existsSync(join(WEB_DIR, s)) && newestMtime(join(WEB_DIR, s)) > builtAt);
}

/** The environment without what Vitest sets for itself (it would make Vite build React's development code). */
function productionEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(VITEST|VITE_|TEST$|NODE_ENV$)/.test(k)),
  );
  return { ...env, NODE_ENV: 'production' };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the web app when web/dist is missing or stale. Test files run in parallel workers, so one
 * builds under a lock directory while the others wait for it.
 */
export async function ensureWebBuilt(): Promise<void> {
  for (let waited = 0; isWebStale(); waited += 200) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (waited > 120_000) throw new Error(`web build lock ${LOCK} held for 2 minutes; remove it`);
      await sleep(200);
      continue;
    }
    try {
      if (isWebStale()) {
        const vite = join(
          dirname(createRequire(import.meta.url).resolve('vite/package.json')),
          'bin',
          'vite.js',
        );
        execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
          cwd: WEB_DIR,
          stdio: 'inherit',
          env: productionEnv(),
        });
      }
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
