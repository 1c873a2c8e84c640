import path from 'node:path';
import { emptyDelta, emptyState, foldState, reduce } from '../src/core/reduce.js';
import type { LiveEvent, StoredEvent } from '../src/core/live-event.js';
import { openSqliteDatabase, type SqliteSync } from '../src/store/sqlite/sqlite-database.js';
import { SqliteDeltaWriter } from '../src/store/sqlite/sqlite-delta-writer.js';
import { SqliteEventLog } from '../src/store/sqlite/sqlite-event-log.js';
import { chunk } from './event-generator.js';
import { progress } from './report.js';
import { makeTempDir } from './workers.js';

const OPTIONS = { sessionGapMs: 300_000 };
/** Events folded between two writes of the aggregates, as the engine's default flush does at most. */
const FLUSH_EVERY = 200_000;

/**
 * Diagnostics for stderr: the steps of the embedded engine run one by one with the real classes
 * and timed, to show where an event's time goes. On the main thread: the log insert, the fold of
 * the hot state, the commit. On the projector thread: reading the events back, folding them into
 * the aggregates, writing those. Not a figure: it mirrors `SqliteProfileStore.append` and
 * `SqliteProjection` and must be kept in step with them.
 */
export function printPipelineBreakdown(events: readonly LiveEvent[], sync: SqliteSync, perBatch: number): void {
  const temp = makeTempDir('streampulse-bench-breakdown-');
  const db = openSqliteDatabase(path.join(temp.dir, 'log.db'), 'profile', sync);
  const aggregates = openSqliteDatabase(path.join(temp.dir, 'aggregates.db'), 'aggregates', 'normal');
  try {
    const log = new SqliteEventLog(db);
    const main = [0, 0, 0];
    let state = emptyState();
    for (const batch of chunk(events, perBatch)) {
      const t0 = performance.now();
      db.exec('BEGIN');
      const { stored } = log.appendAll(batch);
      const t1 = performance.now();
      state = foldState(state, stored, OPTIONS);
      const t2 = performance.now();
      db.exec('COMMIT');
      main[0]! += t1 - t0;
      main[1]! += t2 - t1;
      main[2]! += performance.now() - t2;
    }
    const projector = measureProjector(log, aggregates);
    report('main thread', ['insert events (log + unique index)', 'fold stats and sessions', 'commit'], main, events.length);
    report('projector thread', ['read the events back', 'fold every aggregate', 'write the aggregates'], projector, events.length);
  } finally {
    db.close();
    aggregates.close();
    temp.remove();
  }
}

function measureProjector(log: SqliteEventLog, aggregates: ReturnType<typeof openSqliteDatabase>): number[] {
  const writer = new SqliteDeltaWriter(aggregates);
  const spent = [0, 0, 0];
  let state = emptyState();
  let delta = emptyDelta();
  let pending = 0;
  let after = 0;
  const write = () => {
    const t = performance.now();
    aggregates.transaction(() => writer.write(delta))();
    spent[2]! += performance.now() - t;
    delta = emptyDelta();
    pending = 0;
  };
  for (;;) {
    const t0 = performance.now();
    const chunkRead: StoredEvent[] = log.listForFold(after, 20_000);
    const t1 = performance.now();
    spent[0]! += t1 - t0;
    if (chunkRead.length === 0) break;
    state = reduce(state, chunkRead, OPTIONS, delta).state;
    spent[1]! += performance.now() - t1;
    after = chunkRead[chunkRead.length - 1]!.seq;
    pending += chunkRead.length;
    if (pending >= FLUSH_EVERY) write();
  }
  if (pending > 0) write();
  return spent;
}

function report(thread: string, stages: readonly string[], spent: readonly number[], events: number): void {
  const total = spent.reduce((a, b) => a + b, 0);
  progress(`breakdown, ${thread}: ${Math.round((events / total) * 1000)} events/s`);
  stages.forEach((stage, i) => {
    const ms = spent[i]!;
    progress(
      `  ${stage.padEnd(38)} ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${((ms * 1000) / events).toFixed(2)} us/event`,
    );
  });
}
