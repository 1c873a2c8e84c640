import path from 'node:path';
import { emptyDelta, emptyState, reduce } from '../src/core/reduce.js';
import type { LiveEvent } from '../src/core/live-event.js';
import { openSqliteDatabase, type SqliteSync } from '../src/store/sqlite/sqlite-database.js';
import { SqliteDeltaWriter } from '../src/store/sqlite/sqlite-delta-writer.js';
import { SqliteEventLog } from '../src/store/sqlite/sqlite-event-log.js';
import { decodeForFold, packEvents, unpackEvents } from '../src/store/sqlite/event-columns.js';
import { chunk } from './event-generator.js';
import { progress } from './report.js';
import { makeTempDir } from './workers.js';

const OPTIONS = { sessionGapMs: 300_000 };
/** Events folded between two writes of the aggregates, as the engine's default flush does at most. */
const FLUSH_EVERY = 200_000;
const STAGES = [
  'insert events (log + unique index)',
  'fold into the pending delta',
  'commit',
  'write the aggregates (every 200k)',
] as const;

/**
 * Diagnostics for stderr: what the two storage threads do with a batch (the log thread's insert and
 * commit, the aggregates thread's fold and write), run one after another on this thread with the
 * real classes and timed, to show where an event's time goes. Not a figure: it mirrors
 * `SqliteProfileLog.append` and `SqliteProfileAggregates` and must be kept in step with them.
 */
export function printPipelineBreakdown(
  events: readonly LiveEvent[],
  sync: SqliteSync,
  perBatch: number,
): void {
  const temp = makeTempDir('streampulse-bench-breakdown-');
  const db = openSqliteDatabase(path.join(temp.dir, 'log.db'), 'profile', sync);
  const aggregates = openSqliteDatabase(path.join(temp.dir, 'aggregates.db'), 'aggregates', 'normal');
  try {
    const log = new SqliteEventLog(db);
    const writer = new SqliteDeltaWriter(aggregates);
    const spent = [0, 0, 0, 0];
    let state = emptyState();
    let delta = emptyDelta();
    let pending = 0;
    const write = () => {
      const t = performance.now();
      aggregates.transaction(() => writer.write(delta))();
      spent[3]! += performance.now() - t;
      delta = emptyDelta();
      pending = 0;
    };
    for (const batch of chunk(events, perBatch)) {
      const t0 = performance.now();
      db.exec('BEGIN');
      const columns = unpackEvents(packEvents(batch));
      const stored = decodeForFold(columns, log.append(columns));
      const t1 = performance.now();
      state = reduce(state, stored, OPTIONS, delta).state;
      const t2 = performance.now();
      db.exec('COMMIT');
      spent[0]! += t1 - t0;
      spent[1]! += t2 - t1;
      spent[2]! += performance.now() - t2;
      pending += stored.length;
      if (pending >= FLUSH_EVERY) write();
    }
    if (pending > 0) write();
    const total = spent.reduce((a, b) => a + b, 0);
    progress(
      `breakdown (sync ${sync}, batches of ${perBatch}): ${Math.round((events.length / total) * 1000)} events/s`,
    );
    STAGES.forEach((stage, i) => {
      const ms = spent[i]!;
      progress(
        `  ${stage.padEnd(38)} ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${((ms * 1000) / events.length).toFixed(2)} us/event`,
      );
    });
  } finally {
    db.close();
    aggregates.close();
    temp.remove();
  }
}
