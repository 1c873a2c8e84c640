/**
 * `npm run bench [-- GROUP...] [--runner=dist|tsx]`: runs the named benchmark groups (all without
 * any). Each figure is one JSON line on stdout; progress goes to stderr. `--runner` picks how
 * server processes run (default: the `dist/` build when there is one, else tsx).
 */
import { runAnalyticsGroup, runAnalyticsPostgresGroup } from './analytics.bench.js';
import { runClipsGroup } from './clips.bench.js';
import { runIngestGroup } from './ingest.bench.js';
import { runLiveGroup } from './live.bench.js';
import { runOpsGroup } from './ops.bench.js';
import { runPostgresIngestGroup } from './postgres-ingest.bench.js';
import { progress } from './report.js';
import type { Runner } from './server-process.js';
import { runStartupGroup } from './startup.bench.js';

export interface GroupOptions {
  runner?: Runner;
}

const GROUPS: Record<string, (options: GroupOptions) => Promise<void>> = {
  ingest: runIngestGroup,
  startup: runStartupGroup,
  live: runLiveGroup,
  postgres: runPostgresIngestGroup,
  analytics: runAnalyticsGroup,
  'analytics-postgres': runAnalyticsPostgresGroup,
  clips: runClipsGroup,
  ops: runOpsGroup,
};

function parseArgs(argv: readonly string[]): { groups: string[]; options: GroupOptions } {
  const options: GroupOptions = {};
  const names: string[] = [];
  for (const arg of argv) {
    const runner = /^--runner=(dist|tsx)$/.exec(arg);
    if (runner) options.runner = runner[1] as Runner;
    else names.push(arg);
  }
  return { groups: selectGroups(names), options };
}

function selectGroups(args: readonly string[]): string[] {
  if (args.length === 0) return Object.keys(GROUPS);
  const unknown = args.filter((a) => !(a in GROUPS));
  if (unknown.length > 0) {
    console.error(`unknown group(s): ${unknown.join(', ')}; known: ${Object.keys(GROUPS).join(', ')}`);
    process.exit(2);
  }
  return [...new Set(args)];
}

async function main(): Promise<void> {
  const { groups, options } = parseArgs(process.argv.slice(2));
  const start = performance.now();
  for (const name of groups) {
    const groupStart = performance.now();
    progress(`group ${name}: start`);
    await GROUPS[name]!(options);
    progress(`group ${name}: done in ${((performance.now() - groupStart) / 1000).toFixed(1)} s`);
  }
  progress(`all done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
