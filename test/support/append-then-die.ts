/**
 * A process that appends the batches of a JSON file to one profile of an embedded engine, then
 * kills itself with SIGKILL the moment the last append is acknowledged: whatever the engine keeps
 * in memory is lost, as in a crash. Usage: append-then-die.ts DATA_DIR PROFILE BATCHES.json
 */
import { readFileSync } from 'node:fs';
import type { LiveEvent } from '../../src/core/live-event.js';
import { SqliteEngine } from '../../src/store/sqlite/sqlite-engine.js';

const [dataDir, profile, file] = process.argv.slice(2) as [string, string, string];
const batches = JSON.parse(readFileSync(file, 'utf8')) as LiveEvent[][];
const engine = new SqliteEngine({
  dataDir,
  sync: 'full',
  cacheMiB: 16,
  sessionGapMs: 5 * 60_000,
  aggregateFlushMs: 60_000,
  aggregateFlushEvents: 1_000_000,
});
const store = await engine.openProfile(profile);
for (const batch of batches) await store.append(batch);
process.kill(process.pid, 'SIGKILL');
