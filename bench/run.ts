/**
 * `npm run bench [-- GROUP...]`: runs the named benchmark groups (all without arguments). Each
 * figure is one JSON line on stdout; progress goes to stderr.
 */
import { runIngestGroup } from './ingest.bench.js';
import { progress } from './report.js';
import { runStartupGroup } from './startup.bench.js';

const GROUPS: Record<string, () => Promise<void>> = {
  ingest: runIngestGroup,
  startup: runStartupGroup,
};

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
  const groups = selectGroups(process.argv.slice(2));
  const start = performance.now();
  for (const name of groups) {
    const groupStart = performance.now();
    progress(`group ${name}: start`);
    await GROUPS[name]!();
    progress(`group ${name}: done in ${((performance.now() - groupStart) / 1000).toFixed(1)} s`);
  }
  progress(`all done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
